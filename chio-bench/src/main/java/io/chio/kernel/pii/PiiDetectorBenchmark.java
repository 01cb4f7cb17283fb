package io.chio.kernel.pii;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code pii} detector on corpus text: {@code scan} alone and {@code scan} plus label
 * redaction, for a 2 KB payload (the latency target) and a 64 KB one (throughput; MB/s = 0.064 /
 * seconds per op). Sample mode reports p50/p99 per call. Baseline in the same run: {@code
 * emailsOnly}, a detector with one cheap type, shows the fixed cost of a scan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PiiDetectorBenchmark {
  @Param({"2048", "65536"})
  int bytes;

  PiiDetector all;
  PiiDetector emailsOnly;
  String payload;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    List<LabelledCorpus.Sentence> corpus = LabelledCorpus.bundled();
    payload = LabelledCorpus.payload(corpus, bytes, 17);
    all = PiiDetector.of(EnumSet.allOf(PiiType.class)).warmUp();
    emailsOnly = PiiDetector.of(EnumSet.of(PiiType.EMAIL));
  }

  @Benchmark
  public List<PiiMatch> scanAllTypes() {
    return all.scan(payload);
  }

  @Benchmark
  public String scanAndRedact() {
    return Redactor.apply(payload, all.scan(payload), Redaction.label());
  }

  @Benchmark
  public List<PiiMatch> emailsOnly() {
    return emailsOnly.scan(payload);
  }
}
