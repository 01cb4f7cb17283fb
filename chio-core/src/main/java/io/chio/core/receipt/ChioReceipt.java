package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A signed tool receipt (WIRE.md section 4). Immutable. Obtain one from {@link ReceiptSigner} or by
 * parsing; parsing checks the shape only, {@link ReceiptVerifier} decides whether to believe it.
 *
 * <p>The canonical bytes are computed once: {@link #canonicalBytes()} is what the receipt log stores
 * and what a Merkle leaf commits to.
 */
public final class ChioReceipt {
  /** Values of the optional {@code algorithm} field; only Ed25519 is supported for verification. */
  static final Set<String> ALGORITHMS = Set.of("ed25519", "p256", "p384", "hybrid");

  private static final Set<String> FIELDS =
      Set.of(
          "id", "timestamp", "capability_id", "tool_server", "tool_name", "action", "decision", "receipt_kind",
          "boundary_class", "observation_outcome", "tool_origin", "redaction_mode", "actor_chain", "content_hash",
          "policy_hash", "evidence", "metadata", "trust_level", "tenant_id", "kernel_key", "algorithm", "signature");
  private static final Set<String> ACTION_FIELDS = Set.of("parameters", "parameter_hash");
  private static final String[] NOT_IN_BODY = {"id", "algorithm", "signature"};

  private final ReceiptDraft content;
  private final String parameterHash;
  private final Ed25519PublicKey kernelKey;
  private final String id;
  private final String algorithm;
  private final String signature;
  private final Ed25519Signature ed25519Signature;
  private final byte[] parametersCanonical;
  private final byte[] body;
  private final byte[] canonical;

  private ChioReceipt(
      ReceiptDraft content,
      String parameterHash,
      Ed25519PublicKey kernelKey,
      String id,
      String algorithm,
      String signature,
      Ed25519Signature ed25519Signature,
      byte[] parametersCanonical,
      byte[] body,
      byte[] canonical) {
    this.content = content;
    this.parameterHash = parameterHash;
    this.kernelKey = kernelKey;
    this.id = id;
    this.algorithm = algorithm;
    this.signature = signature;
    this.ed25519Signature = ed25519Signature;
    this.parametersCanonical = parametersCanonical;
    this.body = body;
    this.canonical = canonical;
  }

  /**
   * Signs {@code draft}: one canonicalisation of the body serves the id hash, the signed message
   * {@code {"body":<body>,"id":"<id>"}} and the stored form. Consistency is the caller's check.
   */
  static ChioReceipt sign(ReceiptDraft draft, Ed25519SigningKey key) {
    byte[] params = CanonicalJson.bytes(draft.parametersShared());
    String parameterHash = Sha256.hex(params);
    CanonicalMembers members = bodyMembers(draft, params, parameterHash, key.publicKey());
    byte[] body = members.object();
    String id = Sha256.hex(body);
    Ed25519Signature sig = key.sign(signedMessage(body, id));
    String sigHex = sig.toHex();
    members.putString("id", id).putString("signature", sigHex);
    return new ChioReceipt(draft, parameterHash, key.publicKey(), id, null, sigHex, sig, params, body, members.object());
  }

  /** The exact message the kernel key signs: canonical {@code {"body": body, "id": id}}. */
  static byte[] signedMessage(byte[] body, String id) {
    return new CanonicalMembers().put("body", body).putString("id", id).object();
  }

  private static CanonicalMembers bodyMembers(
      ReceiptDraft d, byte[] parametersCanonical, String parameterHash, Ed25519PublicKey kernelKey) {
    CanonicalMembers m = new CanonicalMembers();
    m.put(
        "action",
        new CanonicalMembers().putString("parameter_hash", parameterHash).put("parameters", parametersCanonical).object());
    if (!d.actorChain().isEmpty()) {
      ArrayNode chain = Json.mapper().createArrayNode();
      d.actorChain().forEach(a -> chain.add(a.toJson()));
      m.putJson("actor_chain", chain);
    }
    m.putString("boundary_class", d.boundaryClass().wire());
    m.putString("capability_id", d.capabilityId());
    m.putString("content_hash", d.contentHash());
    if (d.decisionOrNull() != null) {
      m.putJson("decision", d.decisionOrNull().toJson());
    }
    if (!d.evidence().isEmpty()) {
      ArrayNode evidence = Json.mapper().createArrayNode();
      d.evidence().forEach(e -> evidence.add(e.toJson()));
      m.putJson("evidence", evidence);
    }
    m.putString("kernel_key", kernelKey.toHex());
    if (d.metadataShared() != null) {
      m.putJson("metadata", d.metadataShared());
    }
    if (d.observationOutcomeOrNull() != null) {
      m.putString("observation_outcome", d.observationOutcomeOrNull().wire());
    }
    m.putString("policy_hash", d.policyHash());
    m.putString("receipt_kind", d.receiptKind().wire());
    m.putString("redaction_mode", d.redactionMode().wire());
    if (d.tenantIdOrNull() != null) {
      m.putString("tenant_id", d.tenantIdOrNull());
    }
    m.putLong("timestamp", d.timestamp());
    m.putString("tool_name", d.toolName());
    m.putString("tool_origin", d.toolOrigin().wire());
    m.putString("tool_server", d.toolServer());
    m.putString("trust_level", d.trustLevel().wire());
    return m;
  }

  /** Parses JSON text (any formatting). Shape errors are {@link ChioFormatException}s. */
  public static ChioReceipt parse(byte[] json) {
    return fromJson(Json.parse(json));
  }

  /**
   * Parses stored receipt bytes and requires them to be exactly this receipt's canonical form, so
   * that a stored leaf and the receipt it names are one byte string.
   */
  public static ChioReceipt fromCanonicalBytes(byte[] bytes) {
    ChioReceipt r = parse(bytes);
    if (!Arrays.equals(r.canonical, bytes)) {
      throw new ChioFormatException("receipt: bytes are not the receipt's canonical JSON form");
    }
    return r;
  }

  /**
   * Builds a receipt from a JSON tree. Unknown members, explicit nulls in optional members, wrong
   * types and non-lowercase hex keys or signatures are format errors naming the field.
   */
  public static ChioReceipt fromJson(JsonNode json) {
    final String p = "receipt";
    ObjectNode o = Fields.asObject(json, p);
    Fields.onlyKnown(o, FIELDS, p);
    ObjectNode action = Fields.object(o, "action", p);
    Fields.onlyKnown(action, ACTION_FIELDS, p + ".action");
    JsonNode parameters = action.get("parameters");
    if (parameters == null) {
      throw new ChioFormatException(p + ".action.parameters: required field is missing");
    }
    String parameterHash = Fields.text(action, "parameter_hash", p + ".action");

    ReceiptDraft.Builder b =
        ReceiptDraft.builder()
            .timestamp(Fields.u63(o, "timestamp", p))
            .capabilityId(Fields.text(o, "capability_id", p))
            .tool(Fields.text(o, "tool_server", p), Fields.text(o, "tool_name", p))
            .parameters(parameters)
            .receiptKind(ReceiptKind.fromWire(Fields.text(o, "receipt_kind", p), p + ".receipt_kind"))
            .boundaryClass(BoundaryClass.fromWire(Fields.text(o, "boundary_class", p), p + ".boundary_class"))
            .toolOrigin(ToolOrigin.fromWire(Fields.text(o, "tool_origin", p), p + ".tool_origin"))
            .redactionMode(RedactionMode.fromWire(Fields.text(o, "redaction_mode", p), p + ".redaction_mode"))
            .contentHash(Fields.text(o, "content_hash", p))
            .policyHash(Fields.text(o, "policy_hash", p))
            .trustLevel(TrustLevel.fromWire(Fields.text(o, "trust_level", p), p + ".trust_level"))
            .tenantId(Fields.optText(o, "tenant_id", p));
    JsonNode decision = WireChecks.optionalNonNull(o, "decision", p);
    if (decision != null) {
      b.decision(Decision.fromJson(decision, p + ".decision"));
    }
    String outcome = Fields.optText(o, "observation_outcome", p);
    if (outcome != null) {
      b.observationOutcome(ObservationOutcome.fromWire(outcome, p + ".observation_outcome"));
    }
    ArrayNode actors = Fields.optArray(o, "actor_chain", p);
    if (actors != null) {
      for (int i = 0; i < actors.size(); i++) {
        b.addActor(ActorRef.fromJson(actors.get(i), p + ".actor_chain[" + i + "]"));
      }
    }
    ArrayNode evidence = Fields.optArray(o, "evidence", p);
    if (evidence != null) {
      for (int i = 0; i < evidence.size(); i++) {
        b.addEvidence(GuardEvidence.fromJson(evidence.get(i), p + ".evidence[" + i + "]"));
      }
    }
    JsonNode metadata = WireChecks.optionalNonNull(o, "metadata", p);
    if (metadata != null) {
      b.metadata(metadata);
    }
    Ed25519PublicKey kernelKey = WireChecks.publicKey(o, "kernel_key", p);
    String id = Fields.text(o, "id", p);
    String algorithm = Fields.optText(o, "algorithm", p);
    if (algorithm != null && !ALGORITHMS.contains(algorithm)) {
      throw new ChioFormatException(
          p + ".algorithm: unknown value \"" + algorithm + "\" (expected one of ed25519, p256, p384, hybrid)");
    }
    String signature = Fields.text(o, "signature", p);
    // A prefixed signature names another algorithm: representable, never verifiable here.
    Ed25519Signature ed25519 = signatureAlgorithm(signature) == null ? WireChecks.signature(signature, p + ".signature") : null;

    ReceiptDraft draft;
    try {
      draft = b.build();
    } catch (IllegalStateException e) {
      throw new ChioFormatException(p + ": " + e.getMessage(), e);
    }
    byte[] params = CanonicalJson.bytes(draft.parametersShared());
    CanonicalMembers members = bodyMembers(draft, params, parameterHash, kernelKey);
    byte[] body = members.object();
    members.putString("id", id).putString("signature", signature);
    if (algorithm != null) {
      members.putString("algorithm", algorithm);
    }
    return new ChioReceipt(draft, parameterHash, kernelKey, id, algorithm, signature, ed25519, params, body, members.object());
  }

  /** The algorithm named by a signature prefix ({@code p256:}...), or null for a bare Ed25519 signature. */
  static String signatureAlgorithm(String signature) {
    int colon = signature.indexOf(':');
    return colon < 0 ? null : signature.substring(0, colon);
  }

  /** The receipt in wire form (a fresh tree). */
  public ObjectNode toJson() {
    return (ObjectNode) Json.parse(canonical);
  }

  /** The canonical JSON of the whole signed receipt: the receipt log entry and Merkle leaf. */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  /** The canonical JSON hashed into the id: every field except id, algorithm and signature. */
  public byte[] bodyCanonicalBytes() {
    return body.clone();
  }

  byte[] bodyShared() {
    return body;
  }

  byte[] parametersCanonicalShared() {
    return parametersCanonical;
  }

  /** Everything the receipt says apart from the derived fields, e.g. to build a similar receipt. */
  public ReceiptDraft content() {
    return content;
  }

  public String id() {
    return id;
  }

  public long timestamp() {
    return content.timestamp();
  }

  public String capabilityId() {
    return content.capabilityId();
  }

  public String toolServer() {
    return content.toolServer();
  }

  public String toolName() {
    return content.toolName();
  }

  /** A copy of the tool call parameters. */
  public JsonNode parameters() {
    return content.parameters();
  }

  public String parameterHash() {
    return parameterHash;
  }

  public Optional<Decision> decision() {
    return content.decision();
  }

  public ReceiptKind receiptKind() {
    return content.receiptKind();
  }

  public BoundaryClass boundaryClass() {
    return content.boundaryClass();
  }

  public Optional<ObservationOutcome> observationOutcome() {
    return content.observationOutcome();
  }

  public ToolOrigin toolOrigin() {
    return content.toolOrigin();
  }

  public RedactionMode redactionMode() {
    return content.redactionMode();
  }

  public List<ActorRef> actorChain() {
    return content.actorChain();
  }

  public String contentHash() {
    return content.contentHash();
  }

  public String policyHash() {
    return content.policyHash();
  }

  public List<GuardEvidence> evidence() {
    return content.evidence();
  }

  public Optional<JsonNode> metadata() {
    return content.metadata();
  }

  public TrustLevel trustLevel() {
    return content.trustLevel();
  }

  public Optional<String> tenantId() {
    return content.tenantId();
  }

  public Ed25519PublicKey kernelKey() {
    return kernelKey;
  }

  /** The optional {@code algorithm} field as written (absent for Ed25519 receipts this code signs). */
  public Optional<String> algorithm() {
    return Optional.ofNullable(algorithm);
  }

  /** The signature as written on the wire. */
  public String signature() {
    return signature;
  }

  /** The Ed25519 signature, or empty when the signature names another algorithm. */
  public Optional<Ed25519Signature> ed25519Signature() {
    return Optional.ofNullable(ed25519Signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChioReceipt r && Arrays.equals(canonical, r.canonical);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonical);
  }

  @Override
  public String toString() {
    return "ChioReceipt{id=" + id + ", kind=" + content.receiptKind().wire() + ", tool=" + content.toolServer() + "/"
        + content.toolName() + "}";
  }
}
