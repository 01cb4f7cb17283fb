package io.chio.lambda.extension;

import io.chio.core.crypto.Ed25519SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;

/** The receipt signing key: {@code CHIO_SIGNING_SEED_FILE}, else {@code CHIO_SIGNING_SEED} (hex), else a fresh key. */
final class KeySource {
  private KeySource() {}

  record Loaded(Ed25519SigningKey key, String origin) {
    @Override
    public String toString() {
      return "Loaded{" + key.publicKey().toHex() + " from " + origin + "}";
    }
  }

  static Loaded load(ExtensionConfig cfg) throws IOException {
    if (cfg.seedFile != null) {
      String text;
      try {
        text = new String(Files.readAllBytes(cfg.seedFile), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IOException("CHIO_SIGNING_SEED_FILE " + cfg.seedFile + ": cannot read: " + e.getMessage(), e);
      }
      return new Loaded(fromHex(text, "CHIO_SIGNING_SEED_FILE " + cfg.seedFile), "seed file " + cfg.seedFile);
    }
    if (cfg.seedHex() != null) {
      return new Loaded(fromHex(cfg.seedHex(), "CHIO_SIGNING_SEED"), "CHIO_SIGNING_SEED");
    }
    return new Loaded(Ed25519SigningKey.generate(new SecureRandom()), "generated for this environment");
  }

  private static Ed25519SigningKey fromHex(String hex, String what) throws IOException {
    try {
      return Ed25519SigningKey.fromSeedHex(hex);
    } catch (RuntimeException e) {
      throw new IOException(what + ": expected a 32-byte seed as 64 hex digits");
    }
  }
}
