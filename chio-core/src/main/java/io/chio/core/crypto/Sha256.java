package io.chio.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 helpers; {@code hex} is the wire form {@code sha256_hex} (64 lowercase hex, no prefix).
 *
 * <p>Uses the JDK digest: HotSpot compiles it to the CPU's SHA instructions where present, about
 * eight times faster than a pure-Java digest on a receipt-sized input, and every receipt is hashed
 * on the signing path.
 */
public final class Sha256 {
  private Sha256() {}

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  public static byte[] digest(byte[] data) {
    return newDigest().digest(data);
  }

  /** SHA-256 of {@code prefix || a || b} without concatenating (used by Merkle hashing). */
  public static byte[] digest(byte prefix, byte[] a, byte[] b) {
    MessageDigest d = newDigest();
    d.update(prefix);
    d.update(a);
    if (b != null) {
      d.update(b);
    }
    return d.digest();
  }

  public static String hex(byte[] data) {
    return Hex.encode(digest(data));
  }
}
