package io.chio.lambda.extension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code POST /v1/govern} on the extension's loopback listener, one keep-alive connection, seed
 * 003's sample (modify, receipt signed and buffered to a file sink), against {@code GET /health} on
 * the same connection as the HTTP baseline. The extension runs in local mode in the benchmark's JVM,
 * so client and server share the machine's cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GovernEndpointBenchmark {
  Path dir;
  ChioExtension ext;
  Thread loop;
  HttpClient http;
  HttpRequest health;
  HttpRequest govern;

  @Setup
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("chio-govern-bench");
    Path policy = dir.resolve("chio-policy.yaml");
    Files.writeString(policy, "mode: explicit\npolicy:\n  default: deny\n  rules:\n    - tool: \"reports/*\"\n");
    Map<String, String> env = Map.of("CHIO_POLICY_SOURCE", policy.toString(), "CHIO_EXTENSION_ADDR", "127.0.0.1:0",
        "CHIO_RECEIPT_SINK", "file:" + dir.resolve("receipts.jsonl"), "CHIO_SIGNING_SEED", "33".repeat(32));
    ext = ChioExtension.start(ExtensionConfig.from(env, null, null, "buffered"), line -> { }, Clock.systemUTC());
    loop = new Thread(ext::run, "chio-extension-loop");
    loop.setDaemon(true);
    loop.start();
    String base = "http://127.0.0.1:" + ext.address().getPort();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    health = HttpRequest.newBuilder(URI.create(base + "/health")).GET().build();
    govern = HttpRequest.newBuilder(URI.create(base + "/v1/govern"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"evaluate\", \"payload\": {\"message\": \"My SSN is 123-45-6789\"}}")).build();
    // The first call builds the governance engine; measure warm calls only.
    if (!http.send(govern, HttpResponse.BodyHandlers.ofString()).body().contains("\"modify\"")) {
      throw new IllegalStateException("the seed sample was not modified");
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    ext.requestStop();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public int healthBaseline() throws Exception {
    return http.send(health, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  @Benchmark
  public int governSeedSample() throws Exception {
    return http.send(govern, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }
}
