package io.chio.core.json;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Canonicalizing a typical receipt body, from a parsed tree and from raw bytes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CanonicalJsonBenchmark {
  private JsonNode tree;
  private byte[] raw;

  @Setup
  public void setup() {
    raw = ("{\"tool_server\":\"srv-files\",\"tool_name\":\"file_read\",\"timestamp\":1710000200,\"trust_level\":\"mediated\","
            + "\"action\":{\"parameters\":{\"path\":\"/workspace/docs/roadmap.md\",\"mode\":\"read\"},"
            + "\"parameter_hash\":\"035350b0e6a021a4c924a149111944945e94d12f6d8a5e24e4461e7009ebf929\"},"
            + "\"boundary_class\":\"prevent\",\"capability_id\":\"cap-bindings-001\",\"decision\":{\"verdict\":\"allow\"},"
            + "\"content_hash\":\"4062edaf750fb8074e7e83e0c9028c94e32468a8b6f1614774328ef045150f93\","
            + "\"evidence\":[{\"guard_name\":\"forbidden-path\",\"verdict\":true,\"details\":\"path allowed\"},"
            + "{\"guard_name\":\"secret-leak\",\"verdict\":true,\"details\":\"no secrets detected\"}],"
            + "\"kernel_key\":\"ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c\",\"metadata\":{\"version\":1},"
            + "\"policy_hash\":\"policy-bindings-v1\",\"receipt_kind\":\"mediated_decision\",\"redaction_mode\":\"none\","
            + "\"tool_origin\":\"caller_executed\",\"price\":0.25}")
        .getBytes(StandardCharsets.UTF_8);
    tree = Json.parse(raw);
  }

  @Benchmark
  public byte[] canonicalizeTree() {
    return CanonicalJson.bytes(tree);
  }

  @Benchmark
  public byte[] parseAndCanonicalize() {
    return CanonicalJson.canonicalize(raw);
  }
}
