package io.chio.govern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.receipt.ReceiptSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Function;

/**
 * The process-wide engine for serverless handlers, built once on first use and reused across
 * warm invocations (the cold-start advice of the serverless guide). Configuration from the
 * environment: {@code CHIO_GOVERN_POLICY} (policy file; default: {@link GovernPolicy#defaults()}),
 * {@code CHIO_GOVERN_SEED_FILE} (hex Ed25519 seed of the receipt key; without it a per-process key
 * is generated and {@code health} reports {@code signing_key: ephemeral}). A configuration error
 * is kept and every request is then answered with a 500 block, never with a pass-through.
 */
public final class GovernRuntime {
  private static volatile Holder holder;

  private GovernRuntime() {}

  record Holder(GovernEngine engine, String error, boolean ephemeralKey) {}

  /** The shared engine; null when configuration failed (see {@link #unavailable}). */
  public static GovernEngine engine() {
    return holder().engine();
  }

  private static Holder holder() {
    Holder h = holder;
    if (h == null) {
      synchronized (GovernRuntime.class) {
        h = holder;
        if (h == null) {
          h = build(System::getenv);
          holder = h;
        }
      }
    }
    return h;
  }

  static Holder build(Function<String, String> env) {
    try {
      String policyFile = env.apply("CHIO_GOVERN_POLICY");
      GovernPolicy policy = policyFile == null || policyFile.isBlank() ? GovernPolicy.defaults() : GovernPolicy.parse(Files.readAllBytes(Path.of(policyFile)));
      String seedFile = env.apply("CHIO_GOVERN_SEED_FILE");
      boolean ephemeral = seedFile == null || seedFile.isBlank();
      Ed25519SigningKey key = ephemeral ? Ed25519SigningKey.generate(new SecureRandom())
          : Ed25519SigningKey.fromSeedHex(Files.readString(Path.of(seedFile), StandardCharsets.UTF_8).strip());
      GovernEngine engine = new GovernEngine(policy, new ReceiptSigner(key), Clock.systemUTC(), r -> { });
      policy.detector().warmUp();
      return new Holder(engine, null, ephemeral);
    } catch (IOException | RuntimeException e) {
      return new Holder(null, "governance engine failed to initialise: " + e.getMessage(), false);
    }
  }

  /** For tests and embedders: replaces the shared engine. */
  public static void install(GovernEngine engine) {
    holder = new Holder(engine, null, false);
  }

  /** The response when the engine could not be built: a 500 block without a receipt (no key to sign with). */
  public static GovernResponse unavailable() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error", holder().error() == null ? "governance engine unavailable" : holder().error());
    body.put("error_type", "ConfigurationError");
    body.put("decision", "block");
    return new GovernResponse(500, body);
  }

  /** Handles a raw body with the shared engine, failing closed when it is unavailable. */
  public static GovernResponse handle(byte[] body) {
    GovernEngine e = engine();
    return e == null ? unavailable() : e.handle(body);
  }

  /** Adds {@code signing_key: ephemeral|configured} to a health body. */
  public static void describeKey(ObjectNode health) {
    health.put("signing_key", holder().ephemeralKey() ? "ephemeral" : "configured");
  }

}
