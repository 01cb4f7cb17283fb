package io.chio.lambda.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import io.chio.lambda.client.ChioLambda;
import io.chio.lambda.client.ChioVerdict;
import io.chio.lambda.fakes.LambdaEmulator;
import io.chio.lambda.fakes.TestPolicies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Malformed bodies, unknown tools, a policy that does not load, a sink that is down. */
@Timeout(30)
class ExtensionBadInputTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Map<String, String> env(LambdaEmulator emu, Path policy, Path receipts) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_RUNTIME_API", emu.runtimeApi());
    env.put("CHIO_POLICY_SOURCE", policy.toString());
    env.put("CHIO_EXTENSION_ADDR", "127.0.0.1:0");
    env.put("CHIO_RECEIPT_SINK", "file:" + receipts);
    return env;
  }

  static HttpResponse<String> post(ChioExtension ext, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ext.address().getPort() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(ChioExtension ext, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ext.address().getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void malformedBodiesAre400WithASignedDenyAndUnknownToolsAreDenied(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator()) {
      Path receipts = dir.resolve("receipts.jsonl");
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env(emu, TestPolicies.write(dir, TestPolicies.EXPLICIT), receipts),
          null, null, "sync"), line -> {}, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      for (String bad : List.of("{not json", "[1,2]", "{}", "{\"tool\": 7}", "{\"tool\":\"database-query\",\"toool\":1}",
          "{\"tool\":\"database-query\",\"scope\":{\"a\":1}}", "{\"event\":{}}", "{\"tool\":\"database-query\",\"capability\":\"%%%\"}")) {
        HttpResponse<String> r = post(ext, "/v1/evaluate", bad);
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
        JsonNode j = Json.parse(r.body());
        assertThat(j.path("error").asText()).isEqualTo("chio_bad_request");
        assertThat(j.path("message").asText()).isNotBlank();
        assertThat(j.path("receipt_id").asText()).isNotBlank();
      }
      HttpResponse<String> twice = post(ext, "/v1/evaluate", "{\"tool\":\"database-query\",\"capability\":\"{}\"}", "X-Chio-Capability", "{}");
      assertThat(Json.parse(twice.body()).path("message").asText()).contains("exactly one");
      assertThat(post(ext, "/v1/evaluate", "x".repeat(EvaluatorServer.MAX_BODY_BYTES + 1)).statusCode()).isEqualTo(413);
      assertThat(get(ext, "/v1/evaluate").statusCode()).isEqualTo(405);
      assertThat(get(ext, "/nope").statusCode()).isEqualTo(404);

      ChioLambda chio = ChioLambda.connect("127.0.0.1:" + ext.address().getPort(), Duration.ofSeconds(5));
      ChioVerdict unknown = chio.evaluate(ChioLambda.call("rm-rf"));
      assertThat(unknown.denied()).isTrue();
      assertThat(unknown.reason()).contains("no rule for tool \"rm-rf\"").contains("default is deny");
      ChioVerdict scope = chio.evaluate(ChioLambda.call("database-query").scope("db:admin"));
      assertThat(scope.denied()).isTrue();
      assertThat(scope.code()).isEqualTo("CHIO-LAMBDA-SCOPE");
      ChioVerdict pii = chio.evaluate(ChioLambda.call("database-query").scope("db:read").arguments(Map.of("q", "ssn 219-09-9999")));
      assertThat(pii.denied()).isTrue();
      assertThat(pii.guard()).isEqualTo("pii-filter");
      ChioVerdict approval = chio.evaluate(ChioLambda.call("/api/write"));
      assertThat(approval.decision()).isEqualTo("pending_approval");
      assertThat(approval.approvalId()).isNotBlank();
      ChioVerdict glob = chio.evaluate(ChioLambda.call("reports/daily"));
      assertThat(glob.allowed()).as(glob.reason()).isTrue();
      ChioVerdict forged = chio.evaluate(ChioLambda.call("reports/daily").capability("{\"id\":\"x\"}"));
      assertThat(forged.denied()).isTrue();
      assertThat(forged.guard()).isEqualTo("capability");
      // Record: unknown id, bad hash, a denied verdict.
      assertThat(post(ext, "/v1/record", "{\"receipt_id\":\"nope\",\"result_hash\":\"" + "a".repeat(64) + "\"}").statusCode()).isEqualTo(404);
      assertThat(post(ext, "/v1/record", "{\"receipt_id\":\"" + glob.receiptId() + "\",\"result_hash\":\"xyz\"}").statusCode()).isEqualTo(400);
      HttpResponse<String> rec = post(ext, "/v1/record", "{\"verdict\":{\"receipt_id\":\"" + glob.receiptId() + "\"},\"result_hash\":\"sha256:" + "b".repeat(64) + "\"}");
      assertThat(rec.statusCode()).isEqualTo(200);
      assertThat(post(ext, "/v1/record", "{\"receipt_id\":\"" + glob.receiptId() + "\",\"result_hash\":\"" + "b".repeat(64) + "\"}").statusCode())
          .isEqualTo(404);

      JsonNode health = Json.parse(get(ext, "/health").body());
      assertThat(health.path("status").asText()).isEqualTo("ok");
      assertThat(health.path("policy").path("rules").asInt()).isEqualTo(3);
      assertThat(health.path("sink").path("mode").asText()).isEqualTo("sync");
      emu.shutdown("spindown");
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
      // Sync mode: every receipt, bad requests' denials included, is in the file.
      assertThat(Files.readAllLines(receipts)).hasSizeGreaterThanOrEqualTo(8 + 9);
    }
  }

  @Test
  void aPolicyThatDoesNotLoadIsAnInitErrorAndEveryEvaluationDenies(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator()) {
      Path policy = dir.resolve("chio-policy.yaml");
      Files.writeString(policy, "mode: transparent\npolicy:\n  default: deny\n  rules:\n    - tool: \"/x\"\n      guards: [\"no-such-guard\"]\n");
      List<String> diag = new CopyOnWriteArrayList<>();
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env(emu, policy, dir.resolve("r.jsonl")), null, null, null), diag::add,
          Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      assertThat(emu.reports()).hasSize(1);
      LambdaEmulator.Report init = emu.reports().get(0);
      assertThat(init.path()).isEqualTo("/init/error");
      assertThat(init.errorType()).isEqualTo("Chio.InitFailed");
      assertThat(init.body().path("errorMessage").asText()).contains("chio-policy.yaml:6").contains("unknown guard \"no-such-guard\"");
      ChioLambda chio = ChioLambda.connect("127.0.0.1:" + ext.address().getPort(), Duration.ofSeconds(5));
      ChioVerdict v = chio.evaluate(ChioLambda.call("/x"));
      assertThat(v.denied()).isTrue();
      assertThat(v.code()).isEqualTo("CHIO-LAMBDA-POLICY-UNAVAILABLE");
      assertThat(v.receiptId()).isNotBlank();
      JsonNode health = Json.parse(get(ext, "/health").body());
      assertThat(health.path("status").asText()).isEqualTo("degraded");
      assertThat(health.path("policy").path("loaded").asBoolean()).isFalse();
      emu.shutdown("failure");
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void missingPolicyFileIsAnInitErrorToo(@TempDir Path dir) throws Exception {
    try (LambdaEmulator emu = new LambdaEmulator()) {
      ChioExtension ext = ChioExtension.start(ExtensionConfig.from(env(emu, dir.resolve("absent.yaml"), dir.resolve("r.jsonl")), null, null,
          null), line -> {}, Clock.systemUTC());
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(ext::run);
      assertThat(emu.reports()).singleElement().satisfies(r -> assertThat(r.body().path("errorMessage").asText()).contains("does not exist"));
      emu.shutdown("spindown");
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
    }
  }
}
