package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an HTTP receipt says except {@code kernel_key} and {@code signature}. Immutable.
 *
 * <p>An edge signs a decision receipt before forwarding ({@link #decisionReceipt()}) and a final
 * receipt with the upstream status after ({@link #finalReceipt}). The receipt id is chosen by the
 * caller (WIRE.md does not make HTTP receipt ids content addresses); it must be unique.
 */
public final class HttpReceiptDraft {
  /** Metadata key naming which status a receipt records. */
  public static final String STATUS_SCOPE_KEY = "chio_http_status_scope";
  /** Metadata key in a final receipt naming its decision receipt. */
  public static final String DECISION_RECEIPT_ID_KEY = "chio_decision_receipt_id";

  public static final String SCOPE_DECISION = "decision";
  public static final String SCOPE_FINAL = "final";

  private final String id;
  private final String requestId;
  private final String routePattern;
  private final HttpMethod method;
  private final String callerIdentityHash;
  private final String sessionId;
  private final HttpVerdict verdict;
  private final List<GuardEvidence> evidence;
  private final int responseStatus;
  private final long timestamp;
  private final String contentHash;
  private final String policyHash;
  private final String capabilityId;
  private final JsonNode metadata;

  private HttpReceiptDraft(Builder b) {
    this.id = required(b.id, "id");
    this.requestId = required(b.requestId, "request_id");
    this.routePattern = required(b.routePattern, "route_pattern");
    this.method = required(b.method, "method");
    this.callerIdentityHash = required(b.callerIdentityHash, "caller_identity_hash");
    this.sessionId = b.sessionId;
    this.verdict = required(b.verdict, "verdict");
    this.evidence = List.copyOf(b.evidence);
    this.responseStatus = b.responseStatus;
    this.timestamp = b.timestamp;
    this.contentHash = required(b.contentHash, "content_hash");
    this.policyHash = required(b.policyHash, "policy_hash");
    this.capabilityId = b.capabilityId;
    this.metadata = b.metadata == null ? null : b.metadata.deepCopy();
    if (b.responseStatus < 0) {
      throw new IllegalStateException("HTTP receipt draft: response_status is not set");
    }
    if (b.timestamp < 0) {
      throw new IllegalStateException("HTTP receipt draft: timestamp is not set");
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalStateException("HTTP receipt draft: " + field + " is not set");
    }
    return value;
  }

  /** A plain builder with no status scope in the metadata. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for the receipt signed before forwarding: metadata scope {@code decision}. */
  public static Builder decisionReceipt() {
    Builder b = new Builder();
    b.metadata = Json.object().put(STATUS_SCOPE_KEY, SCOPE_DECISION);
    return b;
  }

  /**
   * A builder for the receipt signed after the upstream answered: the decision receipt's request,
   * verdict, evidence and hashes, a new id, the real status and metadata scope {@code final} with
   * {@code chio_decision_receipt_id}.
   */
  public static Builder finalReceipt(HttpReceipt decision, String id, int responseStatus, long timestamp) {
    Objects.requireNonNull(decision, "decision");
    if (!SCOPE_DECISION.equals(decision.statusScope().orElse(null))) {
      throw new IllegalArgumentException("receipt " + decision.id() + " is not a decision receipt");
    }
    HttpReceiptDraft d = decision.content();
    Builder b = d.toBuilder().id(id).responseStatus(responseStatus).timestamp(timestamp);
    ObjectNode meta = ((ObjectNode) d.metadata).deepCopy();
    meta.put(STATUS_SCOPE_KEY, SCOPE_FINAL);
    meta.put(DECISION_RECEIPT_ID_KEY, decision.id());
    b.metadata = meta;
    return b;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.requestId = requestId;
    b.routePattern = routePattern;
    b.method = method;
    b.callerIdentityHash = callerIdentityHash;
    b.sessionId = sessionId;
    b.verdict = verdict;
    b.evidence.addAll(evidence);
    b.responseStatus = responseStatus;
    b.timestamp = timestamp;
    b.contentHash = contentHash;
    b.policyHash = policyHash;
    b.capabilityId = capabilityId;
    b.metadata = metadata;
    return b;
  }

  /** What is wrong with the status-scope metadata, if anything (checked when signing and verifying). */
  public Optional<String> scopeViolation() {
    return Optional.ofNullable(scopeViolation(metadata));
  }

  static String scopeViolation(JsonNode metadata) {
    if (metadata == null || !metadata.isObject() || !metadata.has(STATUS_SCOPE_KEY)) {
      return null;
    }
    JsonNode scope = metadata.get(STATUS_SCOPE_KEY);
    if (!scope.isTextual() || !(SCOPE_DECISION.equals(scope.textValue()) || SCOPE_FINAL.equals(scope.textValue()))) {
      return "metadata." + STATUS_SCOPE_KEY + " must be \"decision\" or \"final\"";
    }
    JsonNode decisionId = metadata.get(DECISION_RECEIPT_ID_KEY);
    if (SCOPE_FINAL.equals(scope.textValue()) && (decisionId == null || !decisionId.isTextual())) {
      return "a final receipt needs metadata." + DECISION_RECEIPT_ID_KEY;
    }
    if (SCOPE_DECISION.equals(scope.textValue()) && decisionId != null) {
      return "a decision receipt must not carry metadata." + DECISION_RECEIPT_ID_KEY;
    }
    return null;
  }

  public String id() {
    return id;
  }

  public String requestId() {
    return requestId;
  }

  public String routePattern() {
    return routePattern;
  }

  public HttpMethod method() {
    return method;
  }

  public String callerIdentityHash() {
    return callerIdentityHash;
  }

  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  String sessionIdOrNull() {
    return sessionId;
  }

  public HttpVerdict verdict() {
    return verdict;
  }

  public List<GuardEvidence> evidence() {
    return evidence;
  }

  public int responseStatus() {
    return responseStatus;
  }

  public long timestamp() {
    return timestamp;
  }

  public String contentHash() {
    return contentHash;
  }

  public String policyHash() {
    return policyHash;
  }

  public Optional<String> capabilityId() {
    return Optional.ofNullable(capabilityId);
  }

  String capabilityIdOrNull() {
    return capabilityId;
  }

  /** A copy of the metadata, if any. */
  public Optional<JsonNode> metadata() {
    return metadata == null ? Optional.empty() : Optional.of(metadata.deepCopy());
  }

  JsonNode metadataShared() {
    return metadata;
  }

  /** Mutable, single-use builder. */
  public static final class Builder {
    private String id;
    private String requestId;
    private String routePattern;
    private HttpMethod method;
    private String callerIdentityHash;
    private String sessionId;
    private HttpVerdict verdict;
    private final List<GuardEvidence> evidence = new ArrayList<>();
    private int responseStatus = -1;
    private long timestamp = -1;
    private String contentHash;
    private String policyHash;
    private String capabilityId;
    private JsonNode metadata;

    private Builder() {}

    /** A unique receipt id chosen by the caller (for example a UUID drawn from a SecureRandom). */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      if (id.isEmpty()) {
        throw new IllegalArgumentException("id must not be empty");
      }
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = Objects.requireNonNull(requestId, "requestId");
      return this;
    }

    /** The matched route, e.g. {@code POST /orders/{orderId}/refund} gives method POST and this pattern. */
    public Builder route(HttpMethod method, String routePattern) {
      this.method = Objects.requireNonNull(method, "method");
      this.routePattern = Objects.requireNonNull(routePattern, "routePattern");
      return this;
    }

    /** See {@link HttpRequestHashes#callerIdentityHash}. */
    public Builder callerIdentityHash(String callerIdentityHash) {
      this.callerIdentityHash = Objects.requireNonNull(callerIdentityHash, "callerIdentityHash");
      return this;
    }

    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    public Builder verdict(HttpVerdict verdict) {
      this.verdict = Objects.requireNonNull(verdict, "verdict");
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

    public Builder responseStatus(int status) {
      if (status < 0 || status > 0xFFFF) {
        throw new IllegalArgumentException("response status out of range: " + status);
      }
      this.responseStatus = status;
      return this;
    }

    public Builder timestamp(long epochSeconds) {
      if (epochSeconds < 0) {
        throw new IllegalArgumentException("timestamp must not be negative: " + epochSeconds);
      }
      this.timestamp = epochSeconds;
      return this;
    }

    /** See {@link HttpRequestHashes#contentHash}. */
    public Builder contentHash(String contentHash) {
      this.contentHash = Objects.requireNonNull(contentHash, "contentHash");
      return this;
    }

    /** sha256_hex of the loaded OpenAPI spec text. */
    public Builder policyHash(String policyHash) {
      this.policyHash = Objects.requireNonNull(policyHash, "policyHash");
      return this;
    }

    public Builder capabilityId(String capabilityId) {
      this.capabilityId = capabilityId;
      return this;
    }

    /**
     * Adds one metadata member. The status-scope keys are reserved: {@link #decisionReceipt()} and
     * {@link #finalReceipt} set them.
     */
    public Builder putMetadata(String key, JsonNode value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (STATUS_SCOPE_KEY.equals(key) || DECISION_RECEIPT_ID_KEY.equals(key)) {
        throw new IllegalArgumentException(key + " is set by decisionReceipt()/finalReceipt(), not by hand");
      }
      if (metadata != null && !metadata.isObject()) {
        throw new IllegalStateException("metadata is " + metadata.getNodeType() + ", not an object");
      }
      ObjectNode m = metadata == null ? Json.object() : ((ObjectNode) metadata).deepCopy();
      m.set(key, value.deepCopy());
      metadata = m;
      return this;
    }

    /** Replaces the metadata wholesale (any JSON value; null removes it). For re-signing parsed receipts. */
    Builder rawMetadata(JsonNode metadata) {
      this.metadata = metadata;
      return this;
    }

    public HttpReceiptDraft build() {
      return new HttpReceiptDraft(this);
    }
  }
}
