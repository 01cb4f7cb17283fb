package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.json.Fields;

/** Strict reads shared by the receipt parsers. */
final class WireChecks {
  private WireChecks() {}

  /**
   * Keys and signatures inside receipts must be exactly lowercase hex with no prefix: the signature
   * does not cover its own spelling, so accepting {@code 0x} or upper case would let one receipt
   * exist as several byte strings (and several Merkle leaves).
   */
  static String lowerHex(String value, int bytes, String path) {
    if (value.length() != bytes * 2) {
      throw new ChioFormatException(
          path + ": expected " + bytes * 2 + " lowercase hex characters, got " + value.length() + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new ChioFormatException(path + ": expected lowercase hex, found '" + c + "' at position " + i);
      }
    }
    return value;
  }

  static Ed25519PublicKey publicKey(JsonNode parent, String field, String path) {
    String p = path + "." + field;
    return Ed25519PublicKey.fromHex(lowerHex(Fields.text(parent, field, path), Ed25519PublicKey.LENGTH, p), p);
  }

  static Ed25519Signature signature(String hex, String path) {
    return Ed25519Signature.fromHex(lowerHex(hex, Ed25519Signature.LENGTH, path), path);
  }

  /** An optional member that may be absent but never an explicit {@code null}. */
  static JsonNode optionalNonNull(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n != null && n.isNull()) {
      throw new ChioFormatException(path + "." + field + ": null is not allowed; omit the field instead");
    }
    return n;
  }

  static int u16(JsonNode parent, String field, String path) {
    long v = Fields.u63(parent, field, path);
    if (v > 0xFFFF) {
      throw new ChioFormatException(path + "." + field + ": " + v + " is larger than 65535");
    }
    return (int) v;
  }
}
