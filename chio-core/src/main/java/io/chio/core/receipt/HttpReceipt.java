package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A signed HTTP receipt (WIRE.md section 5): Ed25519 by {@code kernel_key} over the canonical JSON
 * of every field except {@code signature}. Immutable. {@code evidence} is omitted when empty, as the
 * reference does.
 */
public final class HttpReceipt {
  private static final Set<String> FIELDS =
      Set.of(
          "id", "request_id", "route_pattern", "method", "caller_identity_hash", "session_id", "verdict", "evidence",
          "response_status", "timestamp", "content_hash", "policy_hash", "capability_id", "metadata", "kernel_key",
          "signature");

  private final HttpReceiptDraft content;
  private final Ed25519PublicKey kernelKey;
  private final Ed25519Signature signature;
  private final byte[] signed;
  private final byte[] canonical;

  private HttpReceipt(
      HttpReceiptDraft content, Ed25519PublicKey kernelKey, Ed25519Signature signature, byte[] signed, byte[] canonical) {
    this.content = content;
    this.kernelKey = kernelKey;
    this.signature = signature;
    this.signed = signed;
    this.canonical = canonical;
  }

  static HttpReceipt sign(HttpReceiptDraft draft, Ed25519SigningKey key) {
    CanonicalMembers m = members(draft, key.publicKey());
    byte[] signed = m.object();
    Ed25519Signature sig = key.sign(signed);
    m.putString("signature", sig.toHex());
    return new HttpReceipt(draft, key.publicKey(), sig, signed, m.object());
  }

  private static CanonicalMembers members(HttpReceiptDraft d, Ed25519PublicKey kernelKey) {
    CanonicalMembers m = new CanonicalMembers();
    m.putString("id", d.id());
    m.putString("request_id", d.requestId());
    m.putString("route_pattern", d.routePattern());
    m.putString("method", d.method().wire());
    m.putString("caller_identity_hash", d.callerIdentityHash());
    if (d.sessionIdOrNull() != null) {
      m.putString("session_id", d.sessionIdOrNull());
    }
    m.putJson("verdict", d.verdict().toJson());
    if (!d.evidence().isEmpty()) {
      ArrayNode evidence = Json.mapper().createArrayNode();
      d.evidence().forEach(e -> evidence.add(e.toJson()));
      m.putJson("evidence", evidence);
    }
    m.putLong("response_status", d.responseStatus());
    m.putLong("timestamp", d.timestamp());
    m.putString("content_hash", d.contentHash());
    m.putString("policy_hash", d.policyHash());
    if (d.capabilityIdOrNull() != null) {
      m.putString("capability_id", d.capabilityIdOrNull());
    }
    if (d.metadataShared() != null) {
      m.putJson("metadata", d.metadataShared());
    }
    m.putString("kernel_key", kernelKey.toHex());
    return m;
  }

  public static HttpReceipt parse(byte[] json) {
    return fromJson(Json.parse(json));
  }

  /** Parses stored bytes and requires them to be exactly the receipt's canonical form. */
  public static HttpReceipt fromCanonicalBytes(byte[] bytes) {
    HttpReceipt r = parse(bytes);
    if (!Arrays.equals(r.canonical, bytes)) {
      throw new ChioFormatException("http_receipt: bytes are not the receipt's canonical JSON form");
    }
    return r;
  }

  public static HttpReceipt fromJson(JsonNode json) {
    final String p = "http_receipt";
    ObjectNode o = Fields.asObject(json, p);
    Fields.onlyKnown(o, FIELDS, p);
    String id = Fields.text(o, "id", p);
    if (id.isEmpty()) {
      throw new ChioFormatException(p + ".id: must not be empty");
    }
    HttpReceiptDraft.Builder b =
        HttpReceiptDraft.builder()
            .id(id)
            .requestId(Fields.text(o, "request_id", p))
            .route(HttpMethod.fromWire(Fields.text(o, "method", p), p + ".method"), Fields.text(o, "route_pattern", p))
            .callerIdentityHash(Fields.text(o, "caller_identity_hash", p))
            .sessionId(Fields.optText(o, "session_id", p))
            .verdict(HttpVerdict.fromJson(Fields.object(o, "verdict", p), p + ".verdict"))
            .responseStatus(WireChecks.u16(o, "response_status", p))
            .timestamp(Fields.u63(o, "timestamp", p))
            .contentHash(Fields.text(o, "content_hash", p))
            .policyHash(Fields.text(o, "policy_hash", p))
            .capabilityId(Fields.optText(o, "capability_id", p))
            .rawMetadata(WireChecks.optionalNonNull(o, "metadata", p));
    ArrayNode evidence = Fields.optArray(o, "evidence", p);
    if (evidence != null) {
      for (int i = 0; i < evidence.size(); i++) {
        b.addEvidence(GuardEvidence.fromJson(evidence.get(i), p + ".evidence[" + i + "]"));
      }
    }
    Ed25519PublicKey kernelKey = WireChecks.publicKey(o, "kernel_key", p);
    Ed25519Signature signature = WireChecks.signature(Fields.text(o, "signature", p), p + ".signature");
    HttpReceiptDraft draft;
    try {
      draft = b.build();
    } catch (IllegalStateException e) {
      throw new ChioFormatException(p + ": " + e.getMessage(), e);
    }
    CanonicalMembers m = members(draft, kernelKey);
    byte[] signed = m.object();
    m.putString("signature", signature.toHex());
    return new HttpReceipt(draft, kernelKey, signature, signed, m.object());
  }

  public ObjectNode toJson() {
    return (ObjectNode) Json.parse(canonical);
  }

  /** The canonical JSON of the whole signed receipt (log entry, Merkle leaf). */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  /** The signed bytes: canonical JSON of every field except the signature. */
  public byte[] signedBytes() {
    return signed.clone();
  }

  byte[] signedShared() {
    return signed;
  }

  public HttpReceiptDraft content() {
    return content;
  }

  public String id() {
    return content.id();
  }

  public String requestId() {
    return content.requestId();
  }

  public String routePattern() {
    return content.routePattern();
  }

  public HttpMethod method() {
    return content.method();
  }

  public String callerIdentityHash() {
    return content.callerIdentityHash();
  }

  public Optional<String> sessionId() {
    return content.sessionId();
  }

  public HttpVerdict verdict() {
    return content.verdict();
  }

  public List<GuardEvidence> evidence() {
    return content.evidence();
  }

  public int responseStatus() {
    return content.responseStatus();
  }

  public long timestamp() {
    return content.timestamp();
  }

  public String contentHash() {
    return content.contentHash();
  }

  public String policyHash() {
    return content.policyHash();
  }

  public Optional<String> capabilityId() {
    return content.capabilityId();
  }

  public Optional<JsonNode> metadata() {
    return content.metadata();
  }

  /** {@code metadata.chio_http_status_scope} when it is a string. */
  public Optional<String> statusScope() {
    return metadataText(HttpReceiptDraft.STATUS_SCOPE_KEY);
  }

  /** {@code metadata.chio_decision_receipt_id} when it is a string (final receipts). */
  public Optional<String> decisionReceiptId() {
    return metadataText(HttpReceiptDraft.DECISION_RECEIPT_ID_KEY);
  }

  private Optional<String> metadataText(String key) {
    JsonNode m = content.metadataShared();
    JsonNode v = m == null || !m.isObject() ? null : m.get(key);
    return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
  }

  public Ed25519PublicKey kernelKey() {
    return kernelKey;
  }

  public Ed25519Signature signature() {
    return signature;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpReceipt r && Arrays.equals(canonical, r.canonical);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonical);
  }

  @Override
  public String toString() {
    return "HttpReceipt{id=" + id() + ", " + method().wire() + " " + routePattern() + ", verdict=" + verdict().verdict()
        + ", status=" + responseStatus() + "}";
  }
}
