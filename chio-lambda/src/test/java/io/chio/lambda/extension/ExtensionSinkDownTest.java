package io.chio.lambda.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.lambda.client.ChioLambda;
import io.chio.lambda.client.ChioVerdict;
import io.chio.lambda.fakes.FakeDynamoDb;
import io.chio.lambda.fakes.LambdaEmulator;
import io.chio.lambda.fakes.TestPolicies;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DynamoDB failing: sync mode denies; buffered mode retries, reports, and still delivers everything. */
@Timeout(60)
class ExtensionSinkDownTest {
  @Test
  void syncModeDeniesWhileDynamoDbFails(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator(); FakeDynamoDb ddb = new FakeDynamoDb()) {
      Map<String, String> env = ExtensionLifecycleTest.env(emu, ddb, TestPolicies.write(dir, TestPolicies.EXPLICIT));
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env, null, null, "sync"), line -> {}, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      ChioLambda chio = ChioLambda.connect("127.0.0.1:" + ext.address().getPort(), Duration.ofSeconds(20));
      ChioVerdict ok = chio.evaluate(ChioLambda.call("reports/a"));
      assertThat(ok.allowed()).isTrue();
      assertThat(ddb.items("chio-receipts")).containsKey(ok.receiptId());
      // More failures than the SDK's own retries: the receipt cannot be stored, so the call is denied.
      ddb.failNext(100);
      ChioVerdict down = chio.evaluate(ChioLambda.call("reports/a"));
      assertThat(down.denied()).isTrue();
      assertThat(down.code()).isEqualTo("CHIO-KERNEL-RECEIPT-LOG-FAILURE");
      assertThat(down.reason()).contains("sync mode denies");
      ddb.failNext(0);
      assertThat(chio.evaluate(ChioLambda.call("reports/a")).allowed()).isTrue();
      emu.shutdown("spindown");
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void bufferedModeRetriesAndReportsThenFlushesEverything(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator(); FakeDynamoDb ddb = new FakeDynamoDb()) {
      Map<String, String> env = ExtensionLifecycleTest.env(emu, ddb, TestPolicies.write(dir, TestPolicies.EXPLICIT));
      env.put("CHIO_FLUSH_INTERVAL_MS", "20");
      List<String> diag = new CopyOnWriteArrayList<>();
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env, null, null, null), diag::add, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      ChioLambda chio = ChioLambda.connect("127.0.0.1:" + ext.address().getPort(), Duration.ofSeconds(5));
      ddb.failNext(6);
      ddb.unprocessNext(2);
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        ChioVerdict v = chio.evaluate(ChioLambda.call("reports/r" + i));
        assertThat(v.allowed()).isTrue();
        ids.add(v.receiptId());
      }
      emu.shutdown("spindown");
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
      // The 30 decisions plus 30 final receipts (cancelled: never recorded) closed at SHUTDOWN.
      assertThat(ddb.items("chio-receipts")).hasSize(60).containsKeys(ids.toArray(String[]::new));
      assertThat(diag).anyMatch(l -> l.contains("receipt sink dynamodb:chio-receipts failed"));
    }
  }
}
