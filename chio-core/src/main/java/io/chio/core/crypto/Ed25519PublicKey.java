package io.chio.core.crypto;

import io.chio.core.ChioFormatException;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An immutable Ed25519 public key. Wire form: 64 lowercase hex characters. The decoded curve point
 * is computed once so repeated verifications skip point decompression.
 */
public final class Ed25519PublicKey {
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private final String hex;
  private final Ed25519.PublicPoint point; // null when the bytes are not a valid point

  private Ed25519PublicKey(byte[] bytes) {
    this.bytes = bytes;
    this.hex = Hex.encode(bytes);
    this.point = Ed25519.validatePublicKeyPartialExport(bytes, 0);
  }

  public static Ed25519PublicKey fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new ChioFormatException("public key: expected 32 bytes, got " + bytes.length);
    }
    return new Ed25519PublicKey(bytes.clone());
  }

  /** Parses a 64-hex-character key; {@code what} names the field in errors. */
  public static Ed25519PublicKey fromHex(String hex, String what) {
    return new Ed25519PublicKey(Hex.decodeFixed(hex, LENGTH, what));
  }

  public static Ed25519PublicKey fromHex(String hex) {
    return fromHex(hex, "public key");
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return hex;
  }

  /** Verifies an Ed25519 signature over {@code message}. Never throws for bad input. */
  public boolean verify(byte[] message, Ed25519Signature signature) {
    if (point == null || signature == null || message == null) {
      return false;
    }
    return Ed25519.verify(signature.raw(), 0, point, message, 0, message.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex;
  }
}
