package io.chio.core.crypto;

import java.nio.charset.StandardCharsets;
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
 * The baseline every signing path is compared with: a bare BouncyCastle Ed25519 sign and verify
 * of a typical receipt-sized message (about 700 bytes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ed25519Benchmark {
  private Ed25519SigningKey key;
  private byte[] message;
  private Ed25519Signature signature;

  @Setup
  public void setup() {
    key = Ed25519SigningKey.fromSeed(new byte[32]);
    message = ("{\"body\":{\"action\":{\"parameter_hash\":\"035350b0e6a021a4c924a149111944945e94d12f6d8a5e24e4461e7009ebf929\","
            + "\"parameters\":{\"mode\":\"read\",\"path\":\"/workspace/docs/roadmap.md\"}},\"boundary_class\":\"prevent\","
            + "\"capability_id\":\"cap-bindings-001\",\"content_hash\":\"4062edaf750fb8074e7e83e0c9028c94e32468a8b6f1614774328ef045150f93\","
            + "\"decision\":{\"verdict\":\"allow\"},\"evidence\":[{\"details\":\"path allowed\",\"guard_name\":\"forbidden-path\",\"verdict\":true}],"
            + "\"kernel_key\":\"ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c\",\"policy_hash\":\"policy-bindings-v1\","
            + "\"receipt_kind\":\"mediated_decision\",\"redaction_mode\":\"none\",\"timestamp\":1710000200,\"tool_name\":\"file_read\","
            + "\"tool_origin\":\"caller_executed\",\"tool_server\":\"srv-files\",\"trust_level\":\"mediated\"},"
            + "\"id\":\"c9909f733d5fb367922293f0167d06db715393be114f212096cf2866f29433ea\"}")
        .getBytes(StandardCharsets.UTF_8);
    signature = key.sign(message);
  }

  @Benchmark
  public Ed25519Signature sign() {
    return key.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return key.publicKey().verify(message, signature);
  }
}
