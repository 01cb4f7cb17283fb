package io.chio.store;

import io.chio.core.crypto.Sha256;

/** The log tree's hash functions (WIRE.md section 6): leaf {@code SHA256(0x00||bytes)}, node {@code SHA256(0x01||l||r)}. */
final class MerkleHashing {
  static final MerkleStore.Hasher HASHER =
      new MerkleStore.Hasher() {
        @Override
        public byte[] leaf(byte[] leafBytes) {
          return Sha256.digest((byte) 0, leafBytes, null);
        }

        @Override
        public byte[] node(byte[] left, byte[] right) {
          return Sha256.digest((byte) 1, left, right);
        }
      };

  private MerkleHashing() {}
}
