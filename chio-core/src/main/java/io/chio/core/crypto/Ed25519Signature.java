package io.chio.core.crypto;

import java.util.Arrays;
import java.util.Objects;

/** An immutable 64-byte Ed25519 signature. Wire form: 128 lowercase hex characters. */
public final class Ed25519Signature {
  public static final int LENGTH = 64;
  private final byte[] bytes;

  private Ed25519Signature(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Ed25519Signature fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new io.chio.core.ChioFormatException("signature: expected 64 bytes, got " + bytes.length);
    }
    return new Ed25519Signature(bytes.clone());
  }

  public static Ed25519Signature fromHex(String hex, String what) {
    return new Ed25519Signature(Hex.decodeFixed(hex, LENGTH, what));
  }

  /** Shared internal view; callers in this package must not mutate it. */
  byte[] raw() {
    return bytes;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519Signature s && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
