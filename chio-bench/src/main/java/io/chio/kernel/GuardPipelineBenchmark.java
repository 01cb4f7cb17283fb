package io.chio.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.ToolCall;
import io.chio.kernel.policy.CompiledPolicy;
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
 * The default guard pipeline alone (no capability, budget or receipt) over a typical {@code
 * read_file} call, classification included, as the kernel runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GuardPipelineBenchmark {
  private CompiledPolicy policy;
  private ObjectNode args;
  private ToolCall call;
  private long deadline;

  @Setup
  public void setup() throws Exception {
    policy = PolicyLoader.parse("hushspec: \"0.1.0\"\n", "bench.yaml");
    args = (ObjectNode) Json.parse("{\"path\":\"/workspace/src/main.rs\"}");
    call = new ToolCall("req", "srv-files", "read_file", "agent", null, "cap-bench", 0, args, null, null);
    deadline = Kernel.DEFAULT_GUARD_DEADLINE.toNanos();
  }

  @Benchmark
  public GuardRunner.PipelineResult defaultPipeline() throws Exception {
    GuardContext ctx = new GuardContext(call, ActionClassifier.classify("read_file", args), List.of("/workspace"), System.currentTimeMillis());
    return GuardRunner.run(policy.guards(), ctx, deadline);
  }
}
