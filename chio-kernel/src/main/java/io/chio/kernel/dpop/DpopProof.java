package io.chio.kernel.dpop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/**
 * A DPoP proof ({@code chio.dpop_proof.v1}, WIRE.md section 8): the capability subject's Ed25519
 * signature over the canonical JSON of the body
 * {@code {schema, capability_id, tool_server, tool_name, action_hash, nonce, issued_at, agent_key}},
 * sent as {@code {"body": {...}, "signature": <hex>}}. Not a JWT.
 */
public final class DpopProof {
  public static final String SCHEMA = "chio.dpop_proof.v1";

  private static final Set<String> BODY_FIELDS =
      Set.of("schema", "capability_id", "tool_server", "tool_name", "action_hash", "nonce", "issued_at", "agent_key");
  private static final Set<String> ENVELOPE_FIELDS = Set.of("body", "signature");

  private final ObjectNode body;
  private final Ed25519Signature signature;

  private DpopProof(ObjectNode body, Ed25519Signature signature) {
    String path = "dpop_proof.body";
    Fields.onlyKnown(body, BODY_FIELDS, path);
    for (String f : new String[] {"schema", "capability_id", "tool_server", "tool_name", "action_hash", "nonce", "agent_key"}) {
      Fields.text(body, f, path);
    }
    Fields.u63(body, "issued_at", path);
    this.body = body;
    this.signature = signature;
  }

  /** {@code action_hash} of a call's arguments: {@code sha256_hex(canonical(arguments))}. */
  public static String actionHash(JsonNode arguments) {
    return Sha256.hex(CanonicalJson.bytes(arguments));
  }

  /** Signs a proof for one call (what an agent does; also used by tests and tools). */
  public static DpopProof sign(Ed25519SigningKey agentKey, String capabilityId, String toolServer, String toolName, JsonNode arguments,
      String nonce, long issuedAt) {
    Objects.requireNonNull(agentKey, "agentKey");
    ObjectNode body = Json.object();
    body.put("schema", SCHEMA);
    body.put("capability_id", Objects.requireNonNull(capabilityId, "capabilityId"));
    body.put("tool_server", Objects.requireNonNull(toolServer, "toolServer"));
    body.put("tool_name", Objects.requireNonNull(toolName, "toolName"));
    body.put("action_hash", actionHash(Objects.requireNonNull(arguments, "arguments")));
    body.put("nonce", Objects.requireNonNull(nonce, "nonce"));
    body.put("issued_at", issuedAt);
    body.put("agent_key", agentKey.publicKey().toHex());
    return new DpopProof(body, agentKey.sign(CanonicalJson.bytes(body)));
  }

  public static DpopProof fromJson(JsonNode json) {
    String path = "dpop_proof";
    Fields.asObject(json, path);
    Fields.onlyKnown(json, ENVELOPE_FIELDS, path);
    ObjectNode body = Fields.object(json, "body", path).deepCopy();
    return new DpopProof(body, Ed25519Signature.fromHex(Fields.text(json, "signature", path), path + ".signature"));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("body", body.deepCopy());
    o.put("signature", signature.toHex());
    return o;
  }

  public String schema() {
    return body.get("schema").textValue();
  }

  public String capabilityId() {
    return body.get("capability_id").textValue();
  }

  public String toolServer() {
    return body.get("tool_server").textValue();
  }

  public String toolName() {
    return body.get("tool_name").textValue();
  }

  public String actionHash() {
    return body.get("action_hash").textValue();
  }

  public String nonce() {
    return body.get("nonce").textValue();
  }

  public long issuedAt() {
    return body.get("issued_at").longValue();
  }

  public String agentKey() {
    return body.get("agent_key").textValue();
  }

  /** True when the signature verifies under {@code key} over the canonical body. */
  boolean signatureVerifies(Ed25519PublicKey key) {
    return key.verify(CanonicalJson.bytes(body), signature);
  }

  /** Parses {@code agent_key}; a malformed key is a {@link io.chio.core.ChioFormatException}. */
  Ed25519PublicKey agentPublicKey() {
    return Ed25519PublicKey.fromHex(agentKey(), "dpop_proof.body.agent_key");
  }

  @Override
  public String toString() {
    return "DpopProof" + body;
  }
}
