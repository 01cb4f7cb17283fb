package io.chio.govern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ReceiptSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * One governance request end to end (UTF-8 check, JSON parse, scan of every string, redaction,
 * receipt signing): the seed's one-line sample and a 2 KB message with several PII values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GovernEvaluateBenchmark {
  GovernEngine engine;
  byte[] seedSample;
  byte[] twoKb;

  @Setup
  public void setUp() throws Exception {
    engine = new GovernEngine(GovernPolicy.defaults(), new ReceiptSigner(Ed25519SigningKey.fromSeedHex("22".repeat(32))), Clock.systemUTC(), r -> { });
    seedSample = "{\"action\": \"evaluate\", \"payload\": {\"message\": \"My SSN is 123-45-6789\"}}".getBytes(StandardCharsets.UTF_8);
    StringBuilder msg = new StringBuilder();
    String[] parts = {"Hi team, the customer jane.doe@example.com called from (212) 555-0187 about invoice 48213. ",
        "Her card 4111 1111 1111 1111 was charged twice on 2024-03-05; refund to IBAN DE89 3704 0044 0532 0130 00. ",
        "Version 2.4.1 fixed the rounding bug that affected 1200 users in Q3. The build took 17 minutes on 4 cores. "};
    for (int i = 0; msg.length() < 1900; i++) {
      msg.append(parts[i % parts.length]);
    }
    ObjectNode req = Json.object().put("action", "evaluate").put("agent_id", "bench");
    req.putObject("payload").put("message", msg.substring(0, 1900)).put("channel", "#support");
    twoKb = Json.mapper().writeValueAsBytes(req);
  }

  @Benchmark
  public GovernResponse seedSample() {
    return engine.handle(seedSample);
  }

  @Benchmark
  public GovernResponse twoKbMessage() {
    return engine.handle(twoKb);
  }
}
