package io.chio.lambda.extension;

import static io.chio.lambda.extension.ExtensionBadInputTest.get;
import static io.chio.lambda.extension.ExtensionBadInputTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.lambda.client.ChioLambda;
import io.chio.lambda.fakes.FakeDynamoDb;
import io.chio.lambda.fakes.LambdaEmulator;
import io.chio.lambda.fakes.TestPolicies;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/govern} on the running extension (Extensions API emulated, real loopback listener, real sinks). */
@Timeout(60)
class GovernEndpointTest {
  static final String SEED_SAMPLE = "{\"action\":\"evaluate\",\"payload\":{\"message\":\"My SSN is 123-45-6789\"}}";

  static Optional<ChioReceipt> inSink(Path receipts, String id) throws Exception {
    if (!Files.exists(receipts)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(receipts, StandardCharsets.UTF_8)) {
      JsonNode j = Json.parse(line);
      if (id.equals(j.path("id").asText())) {
        return Optional.of(ChioReceipt.fromJson(j));
      }
    }
    return Optional.empty();
  }

  static ChioReceipt verifiedInSink(Path receipts, String id, Ed25519PublicKey kernel) throws Exception {
    ChioReceipt r = inSink(receipts, id).orElseThrow(() -> new AssertionError("receipt " + id + " not in " + receipts));
    assertThat(ReceiptVerifier.trusting(kernel).verify(r).problems()).isEmpty();
    return r;
  }

  static Ed25519PublicKey kernelKey(ChioExtension ext) throws Exception {
    return Ed25519PublicKey.fromHex(Json.parse(get(ext, "/health").body()).path("kernel_key").asText(), "kernel_key");
  }

  @Test
  void seedSampleIsModifiedAndEveryAnswerIsTheEnginesWithItsReceiptInTheSink(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator()) {
      Path receipts = dir.resolve("receipts.jsonl");
      Map<String, String> env = ExtensionBadInputTest.env(emu, TestPolicies.write(dir, TestPolicies.EXPLICIT), receipts);
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env, null, null, "sync"), line -> {}, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      Ed25519PublicKey kernel = kernelKey(ext);

      HttpResponse<String> seed = post(ext, "/v1/govern", SEED_SAMPLE);
      assertThat(seed.statusCode()).isEqualTo(200);
      assertThat(seed.headers().firstValue("Content-Type")).contains("application/json");
      JsonNode j = Json.parse(seed.body());
      assertThat(j.path("decision").asText()).isEqualTo("modify");
      assertThat(j.path("modified_payload").path("message").asText()).isEqualTo("My SSN is [SSN_REDACTED]");
      assertThat(j.path("pii_found").get(0).path("type").asText()).isEqualTo("ssn");
      // Sync mode: the receipt is in the sink before the answer; it holds hashes and types, never the SSN.
      ChioReceipt receipt = verifiedInSink(receipts, j.path("receipt_id").asText(), kernel);
      assertThat(receipt.toolServer()).isEqualTo("chio-govern");
      assertThat(Files.readString(receipts)).doesNotContain("123-45-6789");

      JsonNode redact = Json.parse(post(ext, "/v1/govern", "{\"action\":\"redact\",\"text\":\"mail jane@example.com\"}").body());
      assertThat(redact.path("redacted").asText()).isEqualTo("mail [EMAIL_REDACTED]");
      JsonNode batch = Json.parse(post(ext, "/v1/govern",
          "{\"action\":\"batch\",\"requests\":[{\"payload\":\"hello\"},{\"payload\":{\"m\":\"SSN 123-45-6789\"}},{\"nope\":1}]}").body());
      assertThat(batch.path("summary").toString()).isEqualTo("{\"allowed\":1,\"blocked\":1,\"modified\":1}");
      for (JsonNode r : batch.path("results")) {
        verifiedInSink(receipts, r.path("receipt_id").asText(), kernel);
      }
      JsonNode health = Json.parse(post(ext, "/v1/govern", "{\"action\":\"health\"}").body());
      assertThat(health.path("status").asText()).isEqualTo("healthy");
      assertThat(health.path("kernel_key").asText()).isEqualTo(kernel.toHex());

      // Bad input: the engine's status codes and error bodies, each with a deny receipt in the sink.
      HttpResponse<String> oversize = post(ext, "/v1/govern", "{\"action\":\"redact\",\"text\":\"" + "x".repeat(1024 * 1024) + "\"}");
      assertThat(oversize.statusCode()).isEqualTo(413);
      JsonNode o = Json.parse(oversize.body());
      assertThat(o.path("error_type").asText()).isEqualTo("PayloadTooLarge");
      assertThat(o.path("decision").asText()).isEqualTo("block");
      assertThat(verifiedInSink(receipts, o.path("receipt_id").asText(), kernel).decision().orElseThrow().verdict()).isEqualTo("deny");
      for (String bad : List.of("{not json", "{\"action\":\"evaluate\"}", "[1]", "{\"action\":\"launch\"}")) {
        HttpResponse<String> r = post(ext, "/v1/govern", bad);
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
        JsonNode b = Json.parse(r.body());
        assertThat(b.path("decision").asText()).isEqualTo("block");
        assertThat(b.path("violations").get(0).asText()).isEqualTo(b.path("error_type").asText());
        verifiedInSink(receipts, b.path("receipt_id").asText(), kernel);
      }
      HttpResponse<String> wrongMethod = get(ext, "/v1/govern");
      assertThat(wrongMethod.statusCode()).isEqualTo(405);
      assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
      assertThat(Json.parse(wrongMethod.body()).path("decision").asText()).isEqualTo("block");
      assertThat(post(ext, "/v1/governance", SEED_SAMPLE).statusCode()).isEqualTo(404);
      // The evaluator beside it is unaffected.
      assertThat(ChioLambda.connect("127.0.0.1:" + ext.address().getPort(), Duration.ofSeconds(5)).evaluate(ChioLambda.call("reports/daily"))
          .allowed()).isTrue();
      emu.shutdown("spindown");
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void governPolicyFromTheEnvironmentAndBufferedReceiptsAreFlushedAtShutdown(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator()) {
      Path receipts = dir.resolve("receipts.jsonl");
      Path govern = dir.resolve("govern.yaml");
      Files.writeString(govern, "govern: \"0.1\"\nactions: {ssn: block}\nlimits: {max_payload_bytes: 256}\n");
      Map<String, String> env = ExtensionBadInputTest.env(emu, TestPolicies.write(dir, TestPolicies.EXPLICIT), receipts);
      env.put(GovernEndpoint.POLICY_ENV, govern.toString());
      env.put("CHIO_FLUSH_INTERVAL_MS", "600000");
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env, null, null, "buffered"), line -> {}, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      Ed25519PublicKey kernel = kernelKey(ext);
      JsonNode blocked = Json.parse(post(ext, "/v1/govern", SEED_SAMPLE).body());
      assertThat(blocked.path("decision").asText()).isEqualTo("block");
      assertThat(blocked.path("modified_payload").isNull()).isTrue();
      HttpResponse<String> oversize = post(ext, "/v1/govern", "{\"payload\":\"" + "y".repeat(300) + "\"}");
      assertThat(oversize.statusCode()).isEqualTo(413);
      assertThat(Json.parse(oversize.body()).path("error").asText()).contains("limit of 256");
      String[] ids = {blocked.path("receipt_id").asText(), Json.parse(oversize.body()).path("receipt_id").asText()};
      emu.shutdown("spindown");
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
      // Acknowledged while buffered, in the sink after SHUTDOWN.
      for (String id : ids) {
        verifiedInSink(receipts, id, kernel);
      }
    }
  }

  @Test
  void aGovernPolicyThatDoesNotLoadBlocksEveryRequestWithASignedDeny(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator()) {
      Path receipts = dir.resolve("receipts.jsonl");
      Path govern = dir.resolve("govern.yaml");
      Files.writeString(govern, "govern: \"0.1\"\nactions: {ssn: shred}\n");
      Map<String, String> env = ExtensionBadInputTest.env(emu, TestPolicies.write(dir, TestPolicies.EXPLICIT), receipts);
      env.put(GovernEndpoint.POLICY_ENV, govern.toString());
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env, null, null, "sync"), line -> {}, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      for (String body : List.of(SEED_SAMPLE, "{\"action\":\"health\"}")) {
        HttpResponse<String> r = post(ext, "/v1/govern", body);
        assertThat(r.statusCode()).isEqualTo(500);
        JsonNode j = Json.parse(r.body());
        assertThat(j.path("decision").asText()).isEqualTo("block");
        assertThat(j.path("error_type").asText()).isEqualTo("ConfigurationError");
        assertThat(j.path("error").asText()).contains("CHIO_GOVERN_POLICY=" + govern).contains("shred");
        verifiedInSink(receipts, j.path("receipt_id").asText(), kernelKey(ext));
      }
      emu.shutdown("spindown");
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void syncModeNeverAcknowledgesAGovernanceReceiptTheSinkRefused(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator(); FakeDynamoDb ddb = new FakeDynamoDb()) {
      Map<String, String> env = ExtensionLifecycleTest.env(emu, ddb, TestPolicies.write(dir, TestPolicies.EXPLICIT));
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env, null, null, "sync"), line -> {}, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      JsonNode ok = Json.parse(post(ext, "/v1/govern", SEED_SAMPLE).body());
      assertThat(ddb.items("chio-receipts")).containsKey(ok.path("receipt_id").asText());
      int before = ddb.items("chio-receipts").size();
      ddb.failNext(100);
      HttpResponse<String> down = post(ext, "/v1/govern", SEED_SAMPLE);
      assertThat(down.statusCode()).isEqualTo(500);
      JsonNode d = Json.parse(down.body());
      assertThat(d.path("decision").asText()).isEqualTo("block");
      assertThat(d.path("error_type").asText()).isEqualTo("ReceiptNotRecorded");
      assertThat(d.has("receipt_id")).isFalse();
      assertThat(ddb.items("chio-receipts")).hasSize(before);
      ddb.failNext(0);
      assertThat(Json.parse(post(ext, "/v1/govern", SEED_SAMPLE).body()).path("decision").asText()).isEqualTo("modify");
      emu.shutdown("spindown");
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }
  }
}
