package io.chio.core.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;

/** SHA-256 helpers; {@code hex} is the wire form {@code sha256_hex} (64 lowercase hex, no prefix). */
public final class Sha256 {
  private Sha256() {}

  public static byte[] digest(byte[] data) {
    SHA256Digest d = new SHA256Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** SHA-256 of {@code prefix || a || b} without concatenating (used by Merkle hashing). */
  public static byte[] digest(byte prefix, byte[] a, byte[] b) {
    SHA256Digest d = new SHA256Digest();
    d.update(prefix);
    d.update(a, 0, a.length);
    if (b != null) {
      d.update(b, 0, b.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  public static String hex(byte[] data) {
    return Hex.encode(digest(data));
  }
}
