package io.chio.core.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A checkpoint statement with the kernel's Ed25519 signature over its canonical JSON. Wire form, as
 * in the reference: {@code {"body": {...}, "signature": "<128 hex>"}}. Immutable.
 */
public final class SignedCheckpoint {
  private static final Set<String> FIELDS = Set.of("body", "signature");

  private final CheckpointBody body;
  private final Ed25519Signature signature;

  private SignedCheckpoint(CheckpointBody body, Ed25519Signature signature) {
    this.body = body;
    this.signature = signature;
  }

  /**
   * @throws IllegalArgumentException if the body has semantic problems or names another kernel key
   */
  public static SignedCheckpoint sign(CheckpointBody body, Ed25519SigningKey kernelKey) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(kernelKey, "kernelKey");
    List<String> problems = body.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("refusing to sign checkpoint: " + String.join("; ", problems));
    }
    if (!kernelKey.publicKey().equals(body.kernelKey())) {
      throw new IllegalArgumentException("refusing to sign checkpoint: body names kernel_key " + body.kernelKey().toHex()
          + " but the signing key is " + kernelKey.publicKey().toHex());
    }
    return new SignedCheckpoint(body, kernelKey.sign(body.canonicalShared()));
  }

  public CheckpointBody body() {
    return body;
  }

  public Ed25519Signature signature() {
    return signature;
  }

  /** The Ed25519 signature by {@code body.kernel_key} over the canonical body verifies. */
  public boolean signatureValid() {
    return body.kernelKey().verify(body.canonicalShared(), signature);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("body", body.toJson());
    o.put("signature", signature.toHex());
    return o;
  }

  public byte[] canonicalBytes() {
    return CanonicalJson.bytes(toJson());
  }

  public static SignedCheckpoint parse(byte[] json) {
    return fromJson(Json.parse(json));
  }

  public static SignedCheckpoint fromJson(JsonNode json) {
    final String p = "checkpoint";
    ObjectNode o = Fields.asObject(json, p);
    Fields.onlyKnown(o, FIELDS, p);
    CheckpointBody body = CheckpointBody.fromJson(Fields.object(o, "body", p), p + ".body");
    String sig = Fields.text(o, "signature", p);
    if (!sig.matches("[0-9a-f]{128}")) {
      throw new ChioFormatException(p + ".signature: expected 128 lowercase hex characters");
    }
    return new SignedCheckpoint(body, Ed25519Signature.fromHex(sig, p + ".signature"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedCheckpoint c && body.equals(c.body) && signature.equals(c.signature);
  }

  @Override
  public int hashCode() {
    return body.hashCode() * 31 + signature.hashCode();
  }

  @Override
  public String toString() {
    return "SignedCheckpoint{" + body + "}";
  }
}
