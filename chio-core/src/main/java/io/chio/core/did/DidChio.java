package io.chio.core.did;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.json.Json;
import java.util.Objects;

/**
 * A {@code did:chio:<64 hex>} identifier: an Ed25519 public key (WIRE.md 7). Parsing accepts either
 * hex case; {@link #toString()} is always lowercase.
 */
public record DidChio(Ed25519PublicKey publicKey) {
  public static final String PREFIX = "did:chio:";
  /** Multicodec varint for an Ed25519 public key (0xed), as used in {@code publicKeyMultibase}. */
  private static final byte[] ED25519_PUB_MULTICODEC = {(byte) 0xed, 0x01};

  public DidChio {
    Objects.requireNonNull(publicKey, "publicKey");
  }

  public static DidChio parse(String did) {
    Objects.requireNonNull(did, "did");
    if (!did.startsWith(PREFIX)) {
      throw new ChioFormatException("did: expected \"" + PREFIX + "<64 hex>\", got \"" + abbreviate(did) + "\"");
    }
    String hex = did.substring(PREFIX.length());
    if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
      throw new ChioFormatException("did: method-specific id must be 64 hex characters, got \"" + abbreviate(hex) + "\"");
    }
    return new DidChio(Ed25519PublicKey.fromHex(hex, "did"));
  }

  /** {@code z} + base58btc({@code 0xed 0x01} || key). */
  public String publicKeyMultibase() {
    byte[] key = publicKey.toBytes();
    byte[] prefixed = new byte[ED25519_PUB_MULTICODEC.length + key.length];
    System.arraycopy(ED25519_PUB_MULTICODEC, 0, prefixed, 0, ED25519_PUB_MULTICODEC.length);
    System.arraycopy(key, 0, prefixed, ED25519_PUB_MULTICODEC.length, key.length);
    return "z" + Base58.encode(prefixed);
  }

  /** The id of the single verification method, {@code <did>#key-1}. */
  public String keyId() {
    return this + "#key-1";
  }

  /**
   * The DID document: {@code @context}, {@code id}, one {@code Ed25519VerificationKey2020}
   * verification method, referenced from {@code authentication} and {@code assertionMethod}.
   */
  public ObjectNode document() {
    ObjectNode doc = Json.object();
    doc.put("@context", "https://www.w3.org/ns/did/v1");
    doc.put("id", toString());
    ObjectNode vm = doc.putArray("verificationMethod").addObject();
    vm.put("id", keyId());
    vm.put("type", "Ed25519VerificationKey2020");
    vm.put("controller", toString());
    vm.put("publicKeyMultibase", publicKeyMultibase());
    doc.putArray("authentication").add(keyId());
    doc.putArray("assertionMethod").add(keyId());
    return doc;
  }

  @Override
  public String toString() {
    return PREFIX + publicKey.toHex();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
