package io.chio.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.PolicyLoader;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full kernel decision for a typical {@code read_file} call: cached capability token, the
 * default guard pipeline of a bare {@code hushspec: "0.1.0"} policy (whichever catalog guards this
 * build has), signed receipt appended to a log that discards it. {@link #ed25519Sign} signs a
 * receipt-sized message in the same run, so the decision's overhead over its one signature is read
 * off directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelDecisionBenchmark {
  private Kernel kernel;
  private ToolCallRequest request;
  private Ed25519SigningKey kernelKey;
  private byte[] receiptSizedMessage;

  /** Counts appends without keeping them, so a long run does not measure garbage collection of a growing log. */
  static final class DiscardingLog implements ReceiptLog {
    final AtomicLong seq = new AtomicLong();

    @Override
    public long append(ReceiptRecord record) {
      return seq.incrementAndGet();
    }

    @Override
    public void close() {}
  }

  @Setup
  public void setup() throws Exception {
    Ed25519SigningKey authority = Ed25519SigningKey.fromSeedHex("11".repeat(32));
    Ed25519SigningKey agent = Ed25519SigningKey.fromSeedHex("33".repeat(32));
    kernelKey = Ed25519SigningKey.fromSeedHex("22".repeat(32));
    CompiledPolicy policy = PolicyLoader.parse("hushspec: \"0.1.0\"\n", "bench.yaml");
    long now = System.currentTimeMillis() / 1000;
    CapabilityToken token = CapabilityToken.issue(authority, "cap-bench", agent.publicKey(),
        io.chio.core.capability.Scope.ofTools(List.of(ToolGrant.of("srv-files", "read_file", List.of(Operation.INVOKE)))), now - 60, now + 86_400);
    kernel = Kernel.builder().clock(Clock.systemUTC()).signingKey(kernelKey).trustedIssuers(Set.of(authority.publicKey()))
        .policy(policy).receiptLog(new DiscardingLog()).build();
    ObjectNode args = (ObjectNode) Json.parse("{\"path\":\"/workspace/src/main.rs\"}");
    request = ToolCallRequest.builder("req-bench", "srv-files", "read_file", agent.publicKey().toHex()).capability(token).arguments(args).build();
    Verdict first = kernel.evaluate(request);
    if (!(first instanceof Verdict.Allow)) {
      throw new IllegalStateException("benchmark call must be allowed, got " + first);
    }
    receiptSizedMessage = first.receipt().bodyCanonicalBytes();
  }

  @Benchmark
  public Verdict decision() {
    return kernel.evaluate(request);
  }

  @Benchmark
  public Ed25519Signature ed25519Sign() {
    return kernelKey.sign(receiptSizedMessage);
  }
}
