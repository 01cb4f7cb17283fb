package io.chio.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.ToolCall;
import io.chio.kernel.guards.redaction.RedactionGuards;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.GuardProvider;
import io.chio.kernel.policy.PolicyLoader;
import java.util.List;
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
 * What input redaction adds to the default guard pipeline: the same {@code read_file} call carrying
 * a credential field, through the default pipeline (baseline) and through the default pipeline plus
 * {@code input-redaction} masking it (redaction, re-classification and the redacted context).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedactionBenchmark {
  private CompiledPolicy plain;
  private CompiledPolicy redacting;
  private ObjectNode args;
  private ToolCall call;
  private long deadline;

  @Setup
  public void setup() throws Exception {
    plain = PolicyLoader.parse("hushspec: \"0.1.0\"\n", "bench.yaml");
    redacting = PolicyLoader.parse("hushspec: \"0.1.0\"\nextensions:\n  guards:\n    input-redaction:\n      action: mask\n"
        + "      fields: [api_key, token, secret]\n", "bench.yaml", RedactionGuards.withRedaction(GuardProvider.catalog()));
    args = (ObjectNode) Json.parse("{\"path\":\"/workspace/src/main.rs\",\"api_key\":\"k-0123456789\"}");
    call = new ToolCall("req", "srv-files", "read_file", "agent", null, "cap-bench", 0, args, null, null);
    deadline = Kernel.DEFAULT_GUARD_DEADLINE.toNanos();
  }

  private GuardRunner.PipelineResult run(CompiledPolicy policy) throws Exception {
    GuardContext ctx = new GuardContext(call, ActionClassifier.classify("read_file", args), List.of("/workspace"), System.currentTimeMillis());
    return GuardRunner.run(policy.guards(), ctx, deadline);
  }

  @Benchmark
  public GuardRunner.PipelineResult defaultPipeline() throws Exception {
    return run(plain);
  }

  @Benchmark
  public GuardRunner.PipelineResult withInputRedaction() throws Exception {
    return run(redacting);
  }
}
