package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a tool receipt says, minus what signing derives ({@code parameter_hash}, {@code id},
 * {@code kernel_key}, {@code signature}). Immutable; JSON values are copied in and out.
 *
 * <p>Start from {@link #mediated}, {@link #traceObservation} or {@link #advisoryEvaluation}, which
 * set the kind, boundary class and trust level consistently. The setters can still produce an
 * inconsistent draft (so that such receipts can be modelled); {@link ReceiptSigner} refuses those.
 */
public final class ReceiptDraft {
  private final long timestamp;
  private final String capabilityId;
  private final String toolServer;
  private final String toolName;
  private final JsonNode parameters;
  private final Decision decision;
  private final ReceiptKind receiptKind;
  private final BoundaryClass boundaryClass;
  private final ObservationOutcome observationOutcome;
  private final ToolOrigin toolOrigin;
  private final RedactionMode redactionMode;
  private final List<ActorRef> actorChain;
  private final String contentHash;
  private final String policyHash;
  private final List<GuardEvidence> evidence;
  private final JsonNode metadata;
  private final TrustLevel trustLevel;
  private final String tenantId;

  private ReceiptDraft(Builder b) {
    this.timestamp = b.timestamp;
    this.capabilityId = required(b.capabilityId, "capability_id");
    this.toolServer = required(b.toolServer, "tool_server");
    this.toolName = required(b.toolName, "tool_name");
    this.parameters = required(b.parameters, "parameters");
    this.decision = b.decision;
    this.receiptKind = required(b.receiptKind, "receipt_kind");
    this.boundaryClass = required(b.boundaryClass, "boundary_class");
    this.observationOutcome = b.observationOutcome;
    this.toolOrigin = required(b.toolOrigin, "tool_origin");
    this.redactionMode = required(b.redactionMode, "redaction_mode");
    this.actorChain = List.copyOf(b.actorChain);
    this.contentHash = required(b.contentHash, "content_hash");
    this.policyHash = required(b.policyHash, "policy_hash");
    this.evidence = List.copyOf(b.evidence);
    this.metadata = b.metadata;
    this.trustLevel = required(b.trustLevel, "trust_level");
    this.tenantId = b.tenantId;
    if (b.timestamp < 0) {
      throw new IllegalStateException("receipt draft: timestamp is not set");
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalStateException("receipt draft: " + field + " is not set");
    }
    return value;
  }

  /** A mediated decision: prevent boundary, mediated trust, no observation outcome. */
  public static Builder mediated(Decision decision) {
    Objects.requireNonNull(decision, "decision");
    return new Builder()
        .receiptKind(ReceiptKind.MEDIATED_DECISION)
        .boundaryClass(BoundaryClass.PREVENT)
        .trustLevel(TrustLevel.MEDIATED)
        .decision(decision);
  }

  /** A trace observation: detect-only boundary, verified trust, no decision. */
  public static Builder traceObservation(ObservationOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    return new Builder()
        .receiptKind(ReceiptKind.TRACE_OBSERVATION)
        .boundaryClass(BoundaryClass.DETECT_ONLY)
        .trustLevel(TrustLevel.VERIFIED)
        .observationOutcome(outcome);
  }

  /** An advisory evaluation: advisory-only boundary, advisory trust, no decision. */
  public static Builder advisoryEvaluation(ObservationOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    return new Builder()
        .receiptKind(ReceiptKind.ADVISORY_EVALUATION)
        .boundaryClass(BoundaryClass.ADVISORY_ONLY)
        .trustLevel(TrustLevel.ADVISORY)
        .observationOutcome(outcome);
  }

  /** A builder with nothing preset except tool origin {@code caller_executed} and redaction {@code none}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this draft's values, e.g. to change one field. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timestamp = timestamp;
    b.capabilityId = capabilityId;
    b.toolServer = toolServer;
    b.toolName = toolName;
    b.parameters = parameters;
    b.decision = decision;
    b.receiptKind = receiptKind;
    b.boundaryClass = boundaryClass;
    b.observationOutcome = observationOutcome;
    b.toolOrigin = toolOrigin;
    b.redactionMode = redactionMode;
    b.actorChain.addAll(actorChain);
    b.contentHash = contentHash;
    b.policyHash = policyHash;
    b.evidence.addAll(evidence);
    b.metadata = metadata;
    b.trustLevel = trustLevel;
    b.tenantId = tenantId;
    return b;
  }

  /** The consistency rule this draft breaks, if any (WIRE.md section 4). */
  public Optional<String> consistencyViolation() {
    return Optional.ofNullable(Consistency.violation(receiptKind, boundaryClass, observationOutcome, decision, trustLevel));
  }

  public long timestamp() {
    return timestamp;
  }

  public String capabilityId() {
    return capabilityId;
  }

  public String toolServer() {
    return toolServer;
  }

  public String toolName() {
    return toolName;
  }

  /** A copy of the tool call parameters. */
  public JsonNode parameters() {
    return parameters.deepCopy();
  }

  JsonNode parametersShared() {
    return parameters;
  }

  public Optional<Decision> decision() {
    return Optional.ofNullable(decision);
  }

  Decision decisionOrNull() {
    return decision;
  }

  public ReceiptKind receiptKind() {
    return receiptKind;
  }

  public BoundaryClass boundaryClass() {
    return boundaryClass;
  }

  public Optional<ObservationOutcome> observationOutcome() {
    return Optional.ofNullable(observationOutcome);
  }

  ObservationOutcome observationOutcomeOrNull() {
    return observationOutcome;
  }

  public ToolOrigin toolOrigin() {
    return toolOrigin;
  }

  public RedactionMode redactionMode() {
    return redactionMode;
  }

  public List<ActorRef> actorChain() {
    return actorChain;
  }

  public String contentHash() {
    return contentHash;
  }

  public String policyHash() {
    return policyHash;
  }

  public List<GuardEvidence> evidence() {
    return evidence;
  }

  /** A copy of the metadata value, if any. */
  public Optional<JsonNode> metadata() {
    return metadata == null ? Optional.empty() : Optional.of(metadata.deepCopy());
  }

  JsonNode metadataShared() {
    return metadata;
  }

  public TrustLevel trustLevel() {
    return trustLevel;
  }

  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  String tenantIdOrNull() {
    return tenantId;
  }

  /** Mutable, single-use builder. JSON values are copied when set. */
  public static final class Builder {
    private long timestamp = -1;
    private String capabilityId;
    private String toolServer;
    private String toolName;
    private JsonNode parameters;
    private Decision decision;
    private ReceiptKind receiptKind;
    private BoundaryClass boundaryClass;
    private ObservationOutcome observationOutcome;
    private ToolOrigin toolOrigin = ToolOrigin.CALLER_EXECUTED;
    private RedactionMode redactionMode = RedactionMode.NONE;
    private final List<ActorRef> actorChain = new ArrayList<>();
    private String contentHash;
    private String policyHash;
    private final List<GuardEvidence> evidence = new ArrayList<>();
    private JsonNode metadata;
    private TrustLevel trustLevel;
    private String tenantId;

    private Builder() {}

    /** Receipt time in Unix seconds; the caller owns the clock. */
    public Builder timestamp(long epochSeconds) {
      if (epochSeconds < 0) {
        throw new IllegalArgumentException("timestamp must not be negative: " + epochSeconds);
      }
      this.timestamp = epochSeconds;
      return this;
    }

    public Builder capabilityId(String capabilityId) {
      this.capabilityId = Objects.requireNonNull(capabilityId, "capabilityId");
      return this;
    }

    public Builder tool(String toolServer, String toolName) {
      this.toolServer = Objects.requireNonNull(toolServer, "toolServer");
      this.toolName = Objects.requireNonNull(toolName, "toolName");
      return this;
    }

    /** The tool call arguments; {@code parameter_hash} is computed from them when signing. */
    public Builder parameters(JsonNode parameters) {
      this.parameters = Objects.requireNonNull(parameters, "parameters").deepCopy();
      return this;
    }

    /** Null removes the decision (only trace and advisory receipts have none). */
    public Builder decision(Decision decision) {
      this.decision = decision;
      return this;
    }

    public Builder receiptKind(ReceiptKind receiptKind) {
      this.receiptKind = Objects.requireNonNull(receiptKind, "receiptKind");
      return this;
    }

    public Builder boundaryClass(BoundaryClass boundaryClass) {
      this.boundaryClass = Objects.requireNonNull(boundaryClass, "boundaryClass");
      return this;
    }

    /** Null removes the outcome (mediated receipts have none). */
    public Builder observationOutcome(ObservationOutcome observationOutcome) {
      this.observationOutcome = observationOutcome;
      return this;
    }

    public Builder toolOrigin(ToolOrigin toolOrigin) {
      this.toolOrigin = Objects.requireNonNull(toolOrigin, "toolOrigin");
      return this;
    }

    public Builder redactionMode(RedactionMode redactionMode) {
      this.redactionMode = Objects.requireNonNull(redactionMode, "redactionMode");
      return this;
    }

    public Builder actorChain(List<ActorRef> actors) {
      actorChain.clear();
      actorChain.addAll(List.copyOf(actors));
      return this;
    }

    public Builder addActor(ActorRef actor) {
      actorChain.add(Objects.requireNonNull(actor, "actor"));
      return this;
    }

    /** {@code content_hash} given directly (64 hex for tool output; free-form strings are carried as is). */
    public Builder contentHash(String contentHash) {
      this.contentHash = Objects.requireNonNull(contentHash, "contentHash");
      return this;
    }

    /** Sets {@code content_hash = sha256_hex(canonical(output))}; a null output hashes JSON {@code null}. */
    public Builder toolOutput(JsonNode output) {
      this.contentHash = Sha256.hex(CanonicalJson.bytes(output == null ? NullNode.getInstance() : output));
      return this;
    }

    public Builder policyHash(String policyHash) {
      this.policyHash = Objects.requireNonNull(policyHash, "policyHash");
      return this;
    }

    public Builder evidence(List<GuardEvidence> evidence) {
      this.evidence.clear();
      this.evidence.addAll(List.copyOf(evidence));
      return this;
    }

    public Builder addEvidence(GuardEvidence evidence) {
      this.evidence.add(Objects.requireNonNull(evidence, "evidence"));
      return this;
    }

    /** Free-form metadata; null or JSON null means none (the field is then omitted). */
    public Builder metadata(JsonNode metadata) {
      this.metadata = metadata == null || metadata.isNull() || metadata.isMissingNode() ? null : metadata.deepCopy();
      return this;
    }

    public Builder trustLevel(TrustLevel trustLevel) {
      this.trustLevel = Objects.requireNonNull(trustLevel, "trustLevel");
      return this;
    }

    /** Null means single-tenant (the field is omitted). */
    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** @throws IllegalStateException naming the first required field that is not set */
    public ReceiptDraft build() {
      return new ReceiptDraft(this);
    }
  }
}
