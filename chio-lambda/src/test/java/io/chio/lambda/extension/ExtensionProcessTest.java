package io.chio.lambda.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.lambda.client.ChioLambda;
import io.chio.lambda.client.ChioVerdict;
import io.chio.lambda.fakes.LambdaEmulator;
import io.chio.lambda.fakes.TestPolicies;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The extension as its own JVM process, as Lambda runs it, against the emulator. */
@Timeout(60)
class ExtensionProcessTest {
  static final Pattern LISTENING = Pattern.compile("registered and listening on 127\\.0\\.0\\.1:(\\d+)");

  @Test
  void childProcessRegistersServesAndFlushesOnShutdown(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator()) {
      Path receipts = dir.resolve("receipts.jsonl");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ExtensionMain.class.getName());
      pb.environment().put("AWS_LAMBDA_RUNTIME_API", emu.runtimeApi());
      pb.environment().put("CHIO_POLICY_SOURCE", TestPolicies.write(dir, TestPolicies.EXPLICIT).toString());
      pb.environment().put("CHIO_EXTENSION_ADDR", "127.0.0.1:0");
      pb.environment().put("CHIO_RECEIPT_SINK", "file:" + receipts);
      pb.environment().put("CHIO_FLUSH_INTERVAL_MS", "600000");
      pb.redirectErrorStream(true);
      Process p = pb.start();
      List<String> out = new CopyOnWriteArrayList<>();
      CountDownLatch listening = new CountDownLatch(1);
      int[] port = new int[1];
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            out.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              port[0] = Integer.parseInt(m.group(1));
              listening.countDown();
            }
          }
        } catch (java.io.IOException ignored) {
          // Process gone.
        }
      });
      reader.start();
      try {
        assertThat(listening.await(30, TimeUnit.SECONDS)).as(String.join("\n", out)).isTrue();
        assertThat(emu.awaitNext(10_000)).isTrue();
        emu.invoke("req-child-1");
        assertThat(emu.awaitNext(10_000)).isTrue();
        ChioLambda chio = ChioLambda.connect("127.0.0.1:" + port[0], Duration.ofSeconds(5));
        ChioVerdict v = chio.evaluate(ChioLambda.call("database-query").scope("db:read").arguments(java.util.Map.of("sql", "select 1")));
        assertThat(v.allowed()).as(v.reason()).isTrue();
        chio.record(v, ChioLambda.sha256Hex("1 row"));
        assertThat(chio.evaluate(ChioLambda.call("nope")).denied()).isTrue();
        assertThat(Files.exists(receipts) ? Files.readAllLines(receipts) : List.of()).isEmpty();
        emu.shutdown("spindown");
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
        assertThat(Files.readAllLines(receipts)).hasSize(3).anyMatch(l -> l.contains("req-child-1#"));
        assertThat(emu.registeredNames()).containsExactly("chio");
      } finally {
        p.destroyForcibly();
        reader.join(5000);
      }
    }
  }
}
