package io.chio.lambda.extension;

import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Sha256;
import io.chio.lambda.Evaluator;
import io.chio.lambda.policy.LambdaPolicy;
import io.chio.lambda.policy.LambdaPolicyException;
import io.chio.lambda.policy.LambdaPolicyLoader;
import io.chio.lambda.sink.BufferedSinkLog;
import io.chio.lambda.sink.ReceiptSink;
import io.chio.lambda.sink.S3Objects;
import io.chio.lambda.sink.SinkLog;
import io.chio.lambda.sink.Sinks;
import io.chio.lambda.sink.SyncSinkLog;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What INIT assembles from the configuration: the signing key, the receipt sink and its log, and
 * the evaluator. A key, sink or policy that cannot be loaded does not throw: the evaluator is then
 * fail-closed (every call a signed deny) and {@link #evaluator()}'s {@code failure()} says why.
 */
public record Assembly(Ed25519SigningKey key, SinkLog log, Evaluator evaluator, String timings) {
  @Override
  public String toString() {
    return "Assembly{kernel key " + key.publicKey().toHex() + ", sink " + log.sink().describe() + "}";
  }

  public static Assembly assemble(ExtensionConfig cfg, Consumer<String> diag, Clock clock) {
    StringBuilder problems = new StringBuilder();
    long t0 = System.nanoTime();
    Ed25519SigningKey key;
    try {
      key = KeySource.load(cfg).key();
    } catch (IOException e) {
      problems.append(e.getMessage()).append("; ");
      // Denials still need a signature; this key signs nothing but them.
      key = Ed25519SigningKey.generate(new SecureRandom());
    }
    long tk = System.nanoTime();
    String environmentId = environmentId(cfg);
    ReceiptSink sink;
    try {
      sink = Sinks.open(cfg.sinkSpec, cfg.env, key, environmentId);
    } catch (IllegalArgumentException e) {
      problems.append(e.getMessage()).append("; ");
      sink = Sinks.open(ExtensionConfig.DEFAULT_SINK, cfg.env, key, environmentId);
    }
    SinkLog log = cfg.syncSink ? new SyncSinkLog(sink) : new BufferedSinkLog(sink, cfg.bufferCapacity, cfg.bufferWait, cfg.flushInterval, diag);
    long t1 = System.nanoTime();
    Evaluator evaluator = null;
    long t2 = t1;
    try {
      LambdaPolicy policy = loadPolicy(cfg.policySource, cfg);
      t2 = System.nanoTime();
      evaluator = Evaluator.create(policy, key, cfg.trustedIssuers, cfg.approvers, cfg.serverId, log, clock);
    } catch (LambdaPolicyException | IOException e) {
      problems.append(e.getMessage().replace('\n', ' ')).append("; ");
    }
    if (problems.length() > 0) {
      String all = problems.substring(0, problems.length() - 2);
      evaluator = Evaluator.failClosed(all, Sha256.hex(new byte[0]), key, cfg.serverId, log, clock);
    }
    long t3 = System.nanoTime();
    String timings = "key " + ms(tk - t0) + ", sink " + ms(t1 - tk) + ", policy " + ms(t2 - t1) + ", kernels " + ms(t3 - t2);
    return new Assembly(key, log, evaluator, timings);
  }

  private static String ms(long nanos) {
    return (nanos / 1_000_000) + " ms";
  }

  /** Reads the policy from a file or {@code s3://bucket/key}. */
  static LambdaPolicy loadPolicy(String source, ExtensionConfig cfg) throws LambdaPolicyException, IOException {
    if (source.startsWith("s3://")) {
      String rest = source.substring(5);
      int slash = rest.indexOf('/');
      if (slash <= 0 || slash == rest.length() - 1) {
        throw new LambdaPolicyException("CHIO_POLICY_SOURCE " + source + ": expected s3://BUCKET/KEY");
      }
      byte[] bytes;
      try {
        bytes = S3Objects.get(rest.substring(0, slash), rest.substring(slash + 1), cfg.env);
      } catch (NoClassDefFoundError e) {
        throw new IOException("CHIO_POLICY_SOURCE " + source + ": the S3 client (software.amazon.awssdk:s3) is not on the classpath");
      }
      return LambdaPolicyLoader.parse(bytes, source);
    }
    return LambdaPolicyLoader.load(Path.of(source));
  }

  private static String environmentId(ExtensionConfig cfg) {
    String stream = cfg.env.get("AWS_LAMBDA_LOG_STREAM_NAME");
    String base = stream != null && !stream.isBlank() ? stream : "local-" + ProcessHandle.current().pid();
    // A plain loop rather than a regex: this runs on the INIT path, before anything else needs java.util.regex.
    StringBuilder id = new StringBuilder(base.length());
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      boolean safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      id.append(safe ? c : '_');
    }
    return id.toString();
  }
}
