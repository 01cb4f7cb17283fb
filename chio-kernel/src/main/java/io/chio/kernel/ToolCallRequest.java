package io.chio.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.json.Json;
import io.chio.kernel.approval.ApprovalToken;
import io.chio.kernel.dpop.DpopProof;
import java.util.List;
import java.util.Objects;

/**
 * A tool call reaching the kernel (KERNEL.md section 1). Immutable. The capability is carried as
 * the exact JSON bytes the agent presented, so that the kernel parses it (a malformed token is a
 * deny with a receipt, not an exception at the edge) and the verified-token cache can key on it.
 */
public final class ToolCallRequest {
  private final String requestId;
  private final String serverId;
  private final String toolName;
  private final String agentId;
  private final ObjectNode arguments;
  private final byte[] capabilityJson;
  private final DpopProof dpopProof;
  private final ApprovalToken approvalToken;
  private final GovernedIntent governedIntent;
  private final ModelMetadata modelMetadata;
  private final String sessionId;
  private final List<String> filesystemRoots;
  private final JsonNode toolAnnotations;

  private ToolCallRequest(Builder b) {
    this.requestId = Objects.requireNonNull(b.requestId, "requestId");
    this.serverId = Objects.requireNonNull(b.serverId, "serverId");
    this.toolName = Objects.requireNonNull(b.toolName, "toolName");
    this.agentId = Objects.requireNonNull(b.agentId, "agentId");
    this.arguments = b.arguments == null ? Json.object() : b.arguments.deepCopy();
    this.capabilityJson = b.capabilityJson == null ? null : b.capabilityJson.clone();
    this.dpopProof = b.dpopProof;
    this.approvalToken = b.approvalToken;
    this.governedIntent = b.governedIntent;
    this.modelMetadata = b.modelMetadata;
    this.sessionId = b.sessionId;
    this.filesystemRoots = List.copyOf(b.filesystemRoots);
    this.toolAnnotations = b.toolAnnotations == null ? null : b.toolAnnotations.deepCopy();
  }

  /** @param agentId hex public key of the caller (the capability subject it claims to be) */
  public static Builder builder(String requestId, String serverId, String toolName, String agentId) {
    return new Builder(requestId, serverId, toolName, agentId);
  }

  public String requestId() {
    return requestId;
  }

  public String serverId() {
    return serverId;
  }

  public String toolName() {
    return toolName;
  }

  public String agentId() {
    return agentId;
  }

  /** A copy of the arguments (always an object). */
  public ObjectNode arguments() {
    return arguments.deepCopy();
  }

  ObjectNode argumentsShared() {
    return arguments;
  }

  /** The presented capability's bytes (a copy), or null when none was presented. */
  public byte[] capabilityJson() {
    return capabilityJson == null ? null : capabilityJson.clone();
  }

  byte[] capabilityJsonShared() {
    return capabilityJson;
  }

  public DpopProof dpopProof() {
    return dpopProof;
  }

  public ApprovalToken approvalToken() {
    return approvalToken;
  }

  public GovernedIntent governedIntent() {
    return governedIntent;
  }

  public ModelMetadata modelMetadata() {
    return modelMetadata;
  }

  public String sessionId() {
    return sessionId;
  }

  public List<String> filesystemRoots() {
    return filesystemRoots;
  }

  public JsonNode toolAnnotations() {
    return toolAnnotations == null ? null : toolAnnotations.deepCopy();
  }

  JsonNode toolAnnotationsShared() {
    return toolAnnotations;
  }

  @Override
  public String toString() {
    return "ToolCallRequest{" + requestId + " " + serverId + "/" + toolName + " agent=" + agentId + "}";
  }

  /** Single-use builder; JSON values and bytes are copied on {@link #build()}. */
  public static final class Builder {
    private final String requestId;
    private final String serverId;
    private final String toolName;
    private final String agentId;
    private ObjectNode arguments;
    private byte[] capabilityJson;
    private DpopProof dpopProof;
    private ApprovalToken approvalToken;
    private GovernedIntent governedIntent;
    private ModelMetadata modelMetadata;
    private String sessionId;
    private List<String> filesystemRoots = List.of();
    private JsonNode toolAnnotations;

    private Builder(String requestId, String serverId, String toolName, String agentId) {
      this.requestId = requestId;
      this.serverId = serverId;
      this.toolName = toolName;
      this.agentId = agentId;
    }

    public Builder arguments(ObjectNode arguments) {
      this.arguments = arguments;
      return this;
    }

    /** The capability exactly as presented (its JSON bytes). */
    public Builder capabilityJson(byte[] json) {
      this.capabilityJson = json;
      return this;
    }

    /** A parsed capability, presented as its canonical bytes. */
    public Builder capability(CapabilityToken token) {
      this.capabilityJson = token == null ? null : token.canonicalBytes();
      return this;
    }

    public Builder dpopProof(DpopProof proof) {
      this.dpopProof = proof;
      return this;
    }

    public Builder approvalToken(ApprovalToken token) {
      this.approvalToken = token;
      return this;
    }

    public Builder governedIntent(GovernedIntent intent) {
      this.governedIntent = intent;
      return this;
    }

    public Builder modelMetadata(ModelMetadata metadata) {
      this.modelMetadata = metadata;
      return this;
    }

    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    public Builder filesystemRoots(List<String> roots) {
      this.filesystemRoots = Objects.requireNonNull(roots, "roots");
      return this;
    }

    public Builder toolAnnotations(JsonNode annotations) {
      this.toolAnnotations = annotations;
      return this;
    }

    public ToolCallRequest build() {
      return new ToolCallRequest(this);
    }
  }
}
