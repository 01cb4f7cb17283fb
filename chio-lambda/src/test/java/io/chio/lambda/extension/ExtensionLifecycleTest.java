package io.chio.lambda.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.lambda.client.ChioLambda;
import io.chio.lambda.client.ChioVerdict;
import io.chio.lambda.client.RecordedReceipt;
import io.chio.lambda.fakes.FakeDynamoDb;
import io.chio.lambda.fakes.LambdaEmulator;
import io.chio.lambda.fakes.TestPolicies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The extension, in process, against the Extensions API emulator and the DynamoDB fake. */
@Timeout(30)
class ExtensionLifecycleTest {
  static final Ed25519SigningKey KEY = Ed25519SigningKey.fromSeedHex("11".repeat(32));

  static Map<String, String> env(LambdaEmulator emu, FakeDynamoDb ddb, Path policy) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_RUNTIME_API", emu.runtimeApi());
    env.put("CHIO_POLICY_SOURCE", policy.toString());
    env.put("CHIO_EXTENSION_ADDR", "127.0.0.1:0");
    env.put("CHIO_RECEIPT_SINK", "dynamodb:chio-receipts");
    env.put("CHIO_DYNAMODB_ENDPOINT", ddb.endpoint());
    env.put("AWS_ACCESS_KEY_ID", "AKIDTEST");
    env.put("AWS_SECRET_ACCESS_KEY", "secret");
    env.put("AWS_REGION", "us-east-1");
    env.put("CHIO_SIGNING_SEED", KEY.exportSeedHex());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "tool-fn");
    return env;
  }

  @Test
  void shutdownFlushesEveryBufferedReceiptToDynamoDb(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator(); FakeDynamoDb ddb = new FakeDynamoDb()) {
      Map<String, String> env = env(emu, ddb, TestPolicies.write(dir, TestPolicies.EXPLICIT));
      // Nothing is flushed before SHUTDOWN: the whole lifecycle's receipts wait in the buffer.
      env.put("CHIO_FLUSH_INTERVAL_MS", "600000");
      List<String> diag = new CopyOnWriteArrayList<>();
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env, null, null, null), diag::add, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      assertThat(emu.registeredNames()).containsExactly("chio");
      assertThat(emu.registeredEvents().get(0).toString()).isEqualTo("[\"INVOKE\",\"SHUTDOWN\"]");
      assertThat(diag).anyMatch(l -> l.startsWith("chio: registered and listening on 127.0.0.1:"));

      ChioLambda chio = ChioLambda.connect("127.0.0.1:" + ext.address().getPort(), Duration.ofSeconds(5));
      Set<String> expected = new LinkedHashSet<>();
      assertThat(emu.awaitNext(5000)).isTrue();
      for (int i = 0; i < 5; i++) {
        emu.invoke("req-" + i);
        // The extension is back in event/next: it has taken this INVOKE's request id.
        assertThat(emu.awaitNext(5000)).isTrue();
        ChioVerdict v = chio.evaluate(ChioLambda.call("database-query").scope("db:read").arguments(Map.of("sql", "select " + i))
            .identity(Map.of("principalId", "user-" + i)));
        assertThat(v.allowed()).as(v.reason()).isTrue();
        expected.add(v.receiptId());
        RecordedReceipt r = chio.record(v, ChioLambda.sha256Hex("rows " + i));
        assertThat(r.decisionReceiptId()).isEqualTo(v.receiptId());
        assertThat(r.decision()).isEqualTo("allow");
        expected.add(r.receiptId());
        ChioVerdict d = chio.evaluate(ChioLambda.call("drop-table").identity("user-" + i));
        assertThat(d.denied()).isTrue();
        assertThat(d.code()).isEqualTo("CHIO-LAMBDA-NO-RULE");
        expected.add(d.receiptId());
      }
      assertThat(ddb.items("chio-receipts")).isEmpty();
      assertThat(ext.sinkLog().status().pending()).isEqualTo(15);

      emu.shutdown("spindown");
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
      Map<String, JsonNode> items = ddb.items("chio-receipts");
      assertThat(items.keySet()).containsExactlyInAnyOrderElementsOf(expected);
      ReceiptVerifier verifier = ReceiptVerifier.trusting(KEY.publicKey());
      for (JsonNode item : items.values()) {
        ChioReceipt receipt = ChioReceipt.parse(item.path("receipt").path("S").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(receipt).ok()).as(receipt.id()).isTrue();
        assertThat(receipt.id()).isEqualTo(item.path("receipt_id").path("S").asText());
        assertThat(receipt.metadata().orElseThrow().path("request_id").asText()).matches("req-[0-4]#\\d+");
      }
      assertThat(ddb.operations()).contains("BatchWriteItem");
      assertThat(emu.reports()).isEmpty();
      assertThat(diag).anyMatch(l -> l.contains("shutdown (spindown): 15 receipts flushed to dynamodb:chio-receipts"));
    }
  }
}
