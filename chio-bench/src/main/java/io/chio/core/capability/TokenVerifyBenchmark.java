package io.chio.core.capability;

import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * Capability token verification: cold (parse + signature + chain) versus a token presented again,
 * which the {@link VerifiedTokenCache} answers with a hash lookup and a time check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenVerifyBenchmark {
  private static final long NOW = 1_710_000_400L;
  private byte[] tokenBytes;
  private CapabilityVerifier verifier;
  private VerifiedTokenCache cache;

  @Setup
  public void setup() {
    Ed25519SigningKey issuer = Ed25519SigningKey.fromSeedHex("0b".repeat(32));
    Ed25519PublicKey agent = Ed25519SigningKey.fromSeedHex("0c".repeat(32)).publicKey();
    ToolGrant read = ToolGrant.of("srv-files", "read_file", List.of(Operation.INVOKE, Operation.READ_RESULT))
        .withConstraints(List.of(new Constraint.PathPrefix("/workspace/")))
        .withMaxInvocations(100L);
    ToolGrant write = ToolGrant.of("srv-files", "write_file", List.of(Operation.INVOKE));
    CapabilityToken token = CapabilityToken.issue(issuer, "cap-bench", agent, io.chio.core.capability.Scope.ofTools(List.of(read, write)), NOW - 100, NOW + 3600);
    tokenBytes = token.canonicalBytes();
    verifier = new CapabilityVerifier(Set.of(issuer.publicKey()), 8);
    cache = new VerifiedTokenCache(verifier, 10_000);
    cache.verify(tokenBytes, NOW);
  }

  @Benchmark
  public CapabilityVerification cold() {
    return verifier.verify(CapabilityToken.parse(tokenBytes), NOW);
  }

  @Benchmark
  public VerifiedTokenCache.Result cached() {
    return cache.verify(tokenBytes, NOW);
  }
}
