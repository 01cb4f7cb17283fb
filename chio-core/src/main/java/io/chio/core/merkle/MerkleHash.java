package io.chio.core.merkle;

import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Hex;
import java.util.Arrays;
import java.util.Objects;

/** An immutable 32-byte Merkle hash. Wire form: {@code "0x"} + 64 lowercase hex characters. */
public final class MerkleHash {
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private MerkleHash(byte[] bytes) {
    this.bytes = bytes;
  }

  public static MerkleHash of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a Merkle hash is 32 bytes, got " + bytes.length);
    }
    return new MerkleHash(bytes.clone());
  }

  /** Takes ownership of a freshly computed digest. */
  static MerkleHash wrap(byte[] digest) {
    return new MerkleHash(digest);
  }

  /** Parses the exact wire form; {@code path} names the field in errors. */
  public static MerkleHash fromWire(String value, String path) {
    Objects.requireNonNull(value, "value");
    if (value.length() != 2 + 2 * LENGTH || !value.startsWith("0x")) {
      throw new ChioFormatException(path + ": expected \"0x\" followed by 64 lowercase hex characters");
    }
    for (int i = 2; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new ChioFormatException(path + ": expected lowercase hex, found '" + c + "' at position " + i);
      }
    }
    return new MerkleHash(Hex.decode(value, path));
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  /** The wire form, {@code 0x...}. */
  public String toWire() {
    return "0x" + Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MerkleHash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toWire();
  }
}
