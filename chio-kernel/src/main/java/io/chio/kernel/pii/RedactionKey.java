package io.chio.kernel.pii;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's HMAC-SHA256 key for {@link Redaction.KeyedHash} tokens. Immutable; the key
 * bytes are copied in, never handed out, and never printed ({@link #toString} shows only a
 * fingerprint, which is itself an HMAC so it reveals nothing about the key).
 */
public final class RedactionKey {
  /** Shorter keys make tokens guessable by brute force over the key. */
  public static final int MIN_LENGTH = 16;

  private final byte[] key;

  private RedactionKey(byte[] key) {
    this.key = key;
  }

  /** @throws IllegalArgumentException if the key is shorter than {@link #MIN_LENGTH} bytes */
  public static RedactionKey of(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_LENGTH) {
      throw new IllegalArgumentException("redaction key must be at least " + MIN_LENGTH + " bytes, got " + key.length);
    }
    return new RedactionKey(key.clone());
  }

  /** A key given as hex (e.g. read from a secret store). */
  public static RedactionKey fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    String h = hex.strip();
    if (h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]*")) {
      throw new IllegalArgumentException("redaction key must be hex with an even number of digits");
    }
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return of(b);
  }

  /** HMAC-SHA256 of {@code message} under this key. */
  byte[] mac(byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * Hex HMAC-SHA256 of {@code data} under this key, domain-separated by {@code domain}: a keyed
   * digest for records (receipts) that must identify content without letting anyone who lacks the
   * key confirm a guessed value.
   */
  public String digestHex(String domain, byte[] data) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(data, "data");
    byte[] d = domain.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] msg = new byte[d.length + 1 + data.length];
    System.arraycopy(d, 0, msg, 0, d.length);
    System.arraycopy(data, 0, msg, d.length + 1, data.length);
    StringBuilder b = new StringBuilder(64);
    for (byte x : mac(msg)) {
      b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return b.toString();
  }

  private String fingerprint() {
    byte[] f = mac("chio redaction key fingerprint".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return String.format("%02x%02x%02x%02x", f[0], f[1], f[2], f[3]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedactionKey other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mac(new byte[0]));
  }

  @Override
  public String toString() {
    return "RedactionKey{fingerprint=" + fingerprint() + ", key=<redacted>}";
  }
}
