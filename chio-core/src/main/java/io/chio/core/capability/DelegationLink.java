package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One hop of a delegation chain: {@code delegator} handed capability {@code capabilityId}, narrowed
 * by {@code attenuations}, to {@code delegatee}. Signed by the delegator over the canonical JSON of
 * the link without {@code signature}.
 *
 * @param scopeHash {@code sha256_hex} of the scope authorized at this hop, null when absent
 */
public record DelegationLink(
    String capabilityId,
    Ed25519PublicKey delegator,
    Ed25519PublicKey delegatee,
    List<Attenuation> attenuations,
    long timestamp,
    String scopeHash,
    Ed25519Signature signature) {

  private static final Set<String> FIELDS =
      Set.of("capability_id", "delegator", "delegatee", "attenuations", "timestamp", "scope_hash", "signature");

  public DelegationLink {
    Objects.requireNonNull(capabilityId, "capabilityId");
    Objects.requireNonNull(delegator, "delegator");
    Objects.requireNonNull(delegatee, "delegatee");
    attenuations = List.copyOf(attenuations);
    Objects.requireNonNull(signature, "signature");
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must not be negative");
    }
  }

  /** Builds and signs a link; the delegator is {@code delegatorKey}'s public key. */
  public static DelegationLink sign(
      String capabilityId,
      Ed25519SigningKey delegatorKey,
      Ed25519PublicKey delegatee,
      List<Attenuation> attenuations,
      long timestamp,
      String scopeHash) {
    Objects.requireNonNull(delegatorKey, "delegatorKey");
    ObjectNode body =
        body(capabilityId, delegatorKey.publicKey(), delegatee, List.copyOf(attenuations), timestamp, scopeHash);
    Ed25519Signature sig = delegatorKey.sign(CanonicalJson.bytes(body));
    return new DelegationLink(capabilityId, delegatorKey.publicKey(), delegatee, attenuations, timestamp, scopeHash, sig);
  }

  /** The bytes the delegator signs: canonical JSON of the link without {@code signature}. */
  public byte[] signingBytes() {
    return CanonicalJson.bytes(body(capabilityId, delegator, delegatee, attenuations, timestamp, scopeHash));
  }

  public boolean signatureValid() {
    return delegator.verify(signingBytes(), signature);
  }

  static DelegationLink fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    Fields.onlyKnown(n, FIELDS, path);
    JsonNode hash = n.get("scope_hash");
    return new DelegationLink(
        Fields.text(n, "capability_id", path),
        Wire.key(n, "delegator", path),
        Wire.key(n, "delegatee", path),
        Wire.optList(n, "attenuations", path, Attenuation::fromJson),
        Fields.u63(n, "timestamp", path),
        hash == null ? null : Wire.sha256Hex(hash, path + ".scope_hash"),
        Wire.signature(Wire.required(n, "signature", path), path + ".signature"));
  }

  public ObjectNode toJson() {
    ObjectNode o = body(capabilityId, delegator, delegatee, attenuations, timestamp, scopeHash);
    o.put("signature", signature.toHex());
    return o;
  }

  private static ObjectNode body(
      String capabilityId,
      Ed25519PublicKey delegator,
      Ed25519PublicKey delegatee,
      List<Attenuation> attenuations,
      long timestamp,
      String scopeHash) {
    ObjectNode o = Json.object();
    o.put("capability_id", Objects.requireNonNull(capabilityId, "capabilityId"));
    o.put("delegator", delegator.toHex());
    o.put("delegatee", Objects.requireNonNull(delegatee, "delegatee").toHex());
    if (!attenuations.isEmpty()) {
      ArrayNode a = o.putArray("attenuations");
      attenuations.forEach(x -> a.add(x.toJson()));
    }
    o.put("timestamp", timestamp);
    if (scopeHash != null) {
      o.put("scope_hash", scopeHash);
    }
    return o;
  }
}
