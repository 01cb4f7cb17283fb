package io.chio.core.crypto;

import io.chio.core.ChioFormatException;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 signing key derived from a 32-byte seed. Immutable; the seed never appears in {@link
 * #toString()} and is only exported through the explicitly named {@link #exportSeedHex()}.
 * Randomness is never ambient: {@link #generate(SecureRandom)} takes it as an argument.
 */
public final class Ed25519SigningKey {
  public static final int SEED_LENGTH = 32;

  static {
    Ed25519.precompute();
  }

  private final byte[] seed;
  private final byte[] publicBytes;
  private final Ed25519PublicKey publicKey;

  private Ed25519SigningKey(byte[] seed) {
    this.seed = seed;
    this.publicBytes = new byte[Ed25519PublicKey.LENGTH];
    Ed25519.generatePublicKey(seed, 0, publicBytes, 0);
    this.publicKey = Ed25519PublicKey.fromBytes(publicBytes);
  }

  public static Ed25519SigningKey fromSeed(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != SEED_LENGTH) {
      throw new ChioFormatException("seed: expected 32 bytes, got " + seed.length);
    }
    return new Ed25519SigningKey(seed.clone());
  }

  public static Ed25519SigningKey fromSeedHex(String hex) {
    return new Ed25519SigningKey(Hex.decodeFixed(hex.strip(), SEED_LENGTH, "seed"));
  }

  public static Ed25519SigningKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return new Ed25519SigningKey(seed);
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  public Ed25519Signature sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    byte[] sig = new byte[Ed25519Signature.LENGTH];
    Ed25519.sign(seed, 0, publicBytes, 0, message, 0, message.length, sig, 0);
    return Ed25519Signature.fromBytes(sig);
  }

  /** The seed as hex, for writing a key file. Named loudly so it is never called by accident. */
  public String exportSeedHex() {
    return Hex.encode(seed);
  }

  @Override
  public String toString() {
    return "Ed25519SigningKey{public=" + publicKey.toHex() + ", seed=<redacted>}";
  }
}
