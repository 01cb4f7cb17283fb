package io.chio.store;

import io.chio.core.crypto.Hex;

/** Merkle hashes on the wire: {@code "0x"} + 64 lowercase hex (WIRE.md section 2). */
final class MerkleHex {
  private MerkleHex() {}

  static String encode(byte[] hash) {
    return "0x" + Hex.encode(hash);
  }
}
