package io.chio.lambda.extension;

import io.chio.core.crypto.Ed25519PublicKey;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The extension's settings, read from the environment Lambda gives it (and from {@code chio lambda
 * extension} flags, which win). See the README's "AWS Lambda" section for every variable.
 */
public final class ExtensionConfig {
  public static final String DEFAULT_POLICY = "/opt/chio/chio-policy.yaml";
  public static final String DEFAULT_ADDR = "127.0.0.1:9090";
  public static final String DEFAULT_SINK = "file:/tmp/chio-receipts.jsonl";

  final String runtimeApi;
  final String extensionName;
  final String policySource;
  final InetSocketAddress listen;
  final String sinkSpec;
  final boolean syncSink;
  final int bufferCapacity;
  final Duration bufferWait;
  final Duration flushInterval;
  final Path seedFile;
  private final String seedHex;
  final Set<Ed25519PublicKey> trustedIssuers;
  final Set<Ed25519PublicKey> approvers;
  final String serverId;
  final Map<String, String> env;

  private ExtensionConfig(Map<String, String> env, String policy, String sink, String sinkMode) {
    this.env = Map.copyOf(env);
    this.runtimeApi = blankToNull(env.get("AWS_LAMBDA_RUNTIME_API"));
    this.extensionName = or(env.get("CHIO_EXTENSION_NAME"), "chio");
    this.policySource = or(policy, or(env.get("CHIO_POLICY_SOURCE"), DEFAULT_POLICY));
    this.listen = address(or(env.get("CHIO_EXTENSION_ADDR"), DEFAULT_ADDR));
    String table = blankToNull(env.get("CHIO_RECEIPT_TABLE"));
    this.sinkSpec = or(sink, or(env.get("CHIO_RECEIPT_SINK"), table != null ? "dynamodb:" + table : DEFAULT_SINK));
    String mode = or(sinkMode, or(env.get("CHIO_SINK_MODE"), "buffered"));
    if (!mode.equals("buffered") && !mode.equals("sync")) {
      throw new IllegalArgumentException("sink mode \"" + mode + "\": use buffered or sync");
    }
    this.syncSink = mode.equals("sync");
    this.bufferCapacity = positiveInt("CHIO_BUFFER_CAPACITY", 10_000);
    this.bufferWait = Duration.ofMillis(positiveInt("CHIO_BUFFER_WAIT_MS", 250));
    this.flushInterval = Duration.ofMillis(positiveInt("CHIO_FLUSH_INTERVAL_MS", 1000));
    String sf = blankToNull(env.get("CHIO_SIGNING_SEED_FILE"));
    this.seedFile = sf == null ? null : Path.of(sf);
    this.seedHex = blankToNull(env.get("CHIO_SIGNING_SEED"));
    this.trustedIssuers = keys("CHIO_TRUSTED_ISSUERS");
    this.approvers = keys("CHIO_APPROVERS");
    this.serverId = or(env.get("CHIO_SERVER_ID"), or(env.get("AWS_LAMBDA_FUNCTION_NAME"), "lambda"));
  }

  /**
   * @param policy {@code --policy} (null: {@code CHIO_POLICY_SOURCE}, else the layer's file)
   * @param sink {@code --sink} (null: {@code CHIO_RECEIPT_SINK}, else {@code CHIO_RECEIPT_TABLE}, else a file in /tmp)
   * @param sinkMode {@code --sink-mode} (null: {@code CHIO_SINK_MODE}, else buffered)
   * @throws IllegalArgumentException naming the setting to fix
   */
  public static ExtensionConfig from(Map<String, String> env, String policy, String sink, String sinkMode) {
    return new ExtensionConfig(Objects.requireNonNull(env, "env"), policy, sink, sinkMode);
  }

  /** The seed given in {@code CHIO_SIGNING_SEED}; never printed. */
  String seedHex() {
    return seedHex;
  }

  public InetSocketAddress listen() {
    return listen;
  }

  private int positiveInt(String name, int dflt) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + v + ": expected a positive integer");
    }
  }

  private Set<Ed25519PublicKey> keys(String name) {
    Set<Ed25519PublicKey> out = new LinkedHashSet<>();
    String v = blankToNull(env.get(name));
    if (v != null) {
      for (String h : v.split("[,\\s]+")) {
        if (!h.isEmpty()) {
          try {
            out.add(Ed25519PublicKey.fromHex(h, name));
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": \"" + h + "\" is not a 64-hex-digit Ed25519 public key");
          }
        }
      }
    }
    return Set.copyOf(out);
  }

  /** {@code host:port} or {@code port}; the host defaults to 127.0.0.1. */
  static InetSocketAddress address(String spec) {
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
      throw new IllegalArgumentException("CHIO_EXTENSION_ADDR=" + spec + ": expected host:port or port");
    }
  }

  private static String or(String v, String dflt) {
    String b = blankToNull(v);
    return b == null ? dflt : b;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }

  @Override
  public String toString() {
    return "ExtensionConfig{runtimeApi=" + runtimeApi + ", policy=" + policySource + ", listen=" + listen + ", sink=" + sinkSpec + " ("
        + (syncSink ? "sync" : "buffered") + "), serverId=" + serverId + ", seed=" + (seedFile != null ? "file" : seedHex != null ? "env" : "generated")
        + "}";
  }
}
