package io.chio.core.merkle;

import io.chio.core.crypto.Sha256;
import java.util.Objects;

/**
 * RFC 6962 hashing: leaf {@code SHA-256(0x00 || data)}, interior node {@code SHA-256(0x01 || left ||
 * right)}. The prefixes keep a leaf from ever being read as an interior node.
 */
public final class Rfc6962 {
  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;

  private Rfc6962() {}

  public static MerkleHash leafHash(byte[] data) {
    Objects.requireNonNull(data, "data");
    return MerkleHash.wrap(Sha256.digest(LEAF, data, null));
  }

  public static MerkleHash nodeHash(MerkleHash left, MerkleHash right) {
    return MerkleHash.wrap(node(left.raw(), right.raw()));
  }

  /** The tree head of the empty tree, {@code SHA-256("")}. */
  public static MerkleHash emptyRoot() {
    return MerkleHash.wrap(Sha256.digest(new byte[0]));
  }

  static byte[] node(byte[] left, byte[] right) {
    return Sha256.digest(NODE, left, right);
  }

  /** The largest power of two strictly less than {@code n} (n at least 2): RFC 6962's split point. */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  static boolean isPowerOfTwo(long n) {
    return n > 0 && (n & (n - 1)) == 0;
  }
}
