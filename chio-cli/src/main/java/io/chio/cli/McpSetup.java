package io.chio.cli;

import io.chio.core.ChioFormatException;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.PolicyException;
import io.chio.kernel.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;

/** What {@code chio mcp serve} assembles before the first message: policy, keys, capability. */
final class McpSetup {
  /** The policies shipped in the jar (copied from the repository's {@code policies/}). */
  static final List<String> PRESETS = List.of("default", "code-agent", "read-only", "api-agent", "mcp-filesystem");

  private McpSetup() {}

  /** {@code $CHIO_HOME}, else {@code ~/.chio}. */
  static Path chioHome() {
    String env = System.getenv("CHIO_HOME");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".chio");
  }

  static CompiledPolicy policy(McpServeOptions o) throws IOException {
    try {
      if (o.policyChoice.policy != null) {
        return PolicyLoader.load(o.policyChoice.policy);
      }
      return PolicyLoader.load(extractPreset(o.policyChoice.preset));
    } catch (PolicyException e) {
      throw new UserError("policy refused: " + e.getMessage().replace("\n", "; "));
    }
  }

  /** Presets may extend each other, so all of them are copied next to each other before loading. */
  private static Path extractPreset(String name) throws IOException {
    if (!PRESETS.contains(name)) {
      throw new UserError("unknown preset '" + name + "': use one of " + String.join(", ", PRESETS));
    }
    Path dir = Files.createTempDirectory("chio-presets");
    dir.toFile().deleteOnExit();
    for (String p : PRESETS) {
      try (InputStream in = McpSetup.class.getResourceAsStream("/io/chio/cli/policies/" + p + ".yaml")) {
        if (in == null) {
          throw new IllegalStateException("preset " + p + " is missing from the chio jar");
        }
        Path f = dir.resolve(p + ".yaml");
        Files.write(f, in.readAllBytes());
        f.toFile().deleteOnExit();
      }
    }
    return dir.resolve(name + ".yaml");
  }

  /**
   * The kernel key: {@code --authority-seed-file}, else {@code ~/.chio/authority.seed}, created
   * (mode 600) on first use so receipts and the receipt log's checkpoints verify across runs.
   */
  static Ed25519SigningKey authorityKey(Path seedFile, Consumer<String> diag) throws IOException {
    if (seedFile != null) {
      return Io.readSeed(seedFile);
    }
    Path home = chioHome();
    Path file = home.resolve("authority.seed");
    if (!Files.exists(file)) {
      Files.createDirectories(home);
      Ed25519SigningKey key = Ed25519SigningKey.generate(new SecureRandom());
      Io.writeSecret(file, key.exportSeedHex() + "\n");
      diag.accept("created the authority key " + file);
      return key;
    }
    return Io.readSeed(file);
  }

  /** The token given with {@code --capability}, else the policy's grants for this server issued to a fresh session key. */
  static CapabilityToken capability(McpServeOptions o, CompiledPolicy policy, Ed25519SigningKey authority, SecureRandom random)
      throws IOException {
    if (o.capability != null) {
      try {
        return CapabilityToken.parse(Files.readAllBytes(o.capability));
      } catch (ChioFormatException e) {
        throw new UserError(o.capability + ": " + e.getMessage());
      }
    }
    if (o.grantTtlSeconds < 1) {
      throw new UserError("--grant-ttl must be positive");
    }
    long now = System.currentTimeMillis() / 1000;
    Ed25519SigningKey agent = Ed25519SigningKey.generate(random);
    return CapabilityToken.issue(authority, "chio-mcp-" + Ids.uuidV7(), agent.publicKey(), policy.defaultScope(o.serverId), now,
        now + o.grantTtlSeconds);
  }

  /** {@code host:port}, {@code :port} or {@code port}; the host defaults to 127.0.0.1 (loopback only). */
  static InetSocketAddress listenAddress(String spec) {
    String host = "127.0.0.1";
    String port = spec;
    int colon = spec.lastIndexOf(':');
    if (colon >= 0) {
      host = spec.substring(0, colon);
      port = spec.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = "127.0.0.1";
      }
    }
    try {
      int p = Integer.parseInt(port);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, p);
    } catch (NumberFormatException e) {
      throw new UserError("--listen " + spec + ": expected host:port, :port or port");
    }
  }
}
