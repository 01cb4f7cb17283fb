package io.chio.protect;

import static io.chio.protect.ProxyFixture.CONTROL_TOKEN;
import static io.chio.protect.ProxyFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.govern.GovernPolicy;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.store.LogVerification;
import io.chio.store.LogVerifier;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.ReceiptLogReader;
import io.chio.store.SqliteReceiptLog;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /chio/govern} on the running proxy: the governance API behind the control token, receipts in the proxy's log. */
class GovernSidecarTest {
  static final String SEED_SAMPLE = "{\"action\":\"evaluate\",\"payload\":{\"message\":\"My SSN is 123-45-6789\"}}";
  static final GovernPolicy POLICY = GovernPolicy.parse(
      "govern: \"0.1\"\nactions: {credit_card: block}\nlimits: {max_payload_bytes: 512}\n".getBytes(StandardCharsets.UTF_8));

  static HttpResponse<String> govern(ProxyFixture f, String method, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/chio/govern"))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return f.send(b);
  }

  static HttpResponse<String> governWithToken(ProxyFixture f, String body) throws Exception {
    return govern(f, "POST", body, "Authorization", "Bearer " + CONTROL_TOKEN);
  }

  static ChioReceipt logged(ProxyFixture f, String id) {
    ReceiptRecord r = f.log.records().stream().filter(x -> x.receiptId().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("receipt " + id + " not in the proxy's log"));
    assertThat(r.kind()).isEqualTo("chio");
    ChioReceipt c = ChioReceipt.fromCanonicalBytes(r.canonicalJson());
    assertThat(ReceiptVerifier.trusting(ProxyFixture.KERNEL.publicKey()).verify(c).problems()).isEmpty();
    return c;
  }

  @Test
  void allowModifyAndBlockWithEachReceiptInTheProxysLog() throws Exception {
    try (ProxyFixture f = new ProxyFixture(b -> b.governPolicy(POLICY))) {
      int upstreamBefore = f.upstream.seen.size();
      HttpResponse<String> allowed = governWithToken(f, "{\"payload\":{\"note\":\"nothing personal here\"}}");
      assertThat(allowed.statusCode()).isEqualTo(200);
      JsonNode a = json(allowed);
      assertThat(a.path("decision").asText()).isEqualTo("allow");
      assertThat(allowed.headers().firstValue("X-Chio-Receipt-Id")).contains(a.path("receipt_id").asText());
      assertThat(logged(f, a.path("receipt_id").asText()).decision().orElseThrow().verdict()).isEqualTo("allow");

      JsonNode m = json(governWithToken(f, SEED_SAMPLE));
      assertThat(m.path("decision").asText()).isEqualTo("modify");
      assertThat(m.path("modified_payload").path("message").asText()).isEqualTo("My SSN is [SSN_REDACTED]");
      ChioReceipt mr = logged(f, m.path("receipt_id").asText());
      assertThat(mr.toolServer()).isEqualTo("chio-govern");
      assertThat(mr.policyHash()).isEqualTo(POLICY.hash());

      JsonNode blocked = json(governWithToken(f, "{\"payload\":{\"card\":\"4111 1111 1111 1111\"}}"));
      assertThat(blocked.path("decision").asText()).isEqualTo("block");
      assertThat(blocked.path("modified_payload").isNull()).isTrue();
      assertThat(logged(f, blocked.path("receipt_id").asText()).decision().orElseThrow().verdict()).isEqualTo("deny");

      // The policy's limit and the engine's error bodies, each with a logged deny.
      HttpResponse<String> oversize = governWithToken(f, "{\"payload\":\"" + "z".repeat(600) + "\"}");
      assertThat(oversize.statusCode()).isEqualTo(413);
      assertThat(json(oversize).path("error_type").asText()).isEqualTo("PayloadTooLarge");
      logged(f, json(oversize).path("receipt_id").asText());
      HttpResponse<String> malformed = governWithToken(f, "{oops");
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(json(malformed).path("decision").asText()).isEqualTo("block");
      logged(f, json(malformed).path("receipt_id").asText());
      // Nothing of this went to the upstream, and the PII is in no stored receipt.
      assertThat(f.upstream.seen.size()).isEqualTo(upstreamBefore);
      for (ReceiptRecord r : f.log.records()) {
        assertThat(new String(r.canonicalJson(), StandardCharsets.UTF_8)).doesNotContain("123-45-6789").doesNotContain("4111 1111");
      }
    }
  }

  @Test
  void behindTheControlTokenLikeTheOtherControlEndpoints() throws Exception {
    try (ProxyFixture f = new ProxyFixture()) {
      for (String[] headers : List.of(new String[0], new String[] {"Authorization", "Bearer wrong"}, new String[] {"Authorization", CONTROL_TOKEN})) {
        HttpResponse<String> r = govern(f, "POST", SEED_SAMPLE, headers);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).path("error").asText()).isEqualTo("chio_control_unauthorized");
        assertThat(govern(f, "POST", SEED_SAMPLE, headers).statusCode())
            .isEqualTo(f.get("/chio/evaluate", headers).statusCode());
      }
      assertThat(f.log.records()).noneMatch(r -> r.kind().equals("chio"));
      // Wrong method with the token: like the other control paths, there is no such endpoint.
      assertThat(govern(f, "GET", null, "Authorization", "Bearer " + CONTROL_TOKEN).statusCode()).isEqualTo(404);
    }
    try (ProxyFixture f = new ProxyFixture(b -> b.controlToken(null))) {
      HttpResponse<String> disabled = govern(f, "POST", SEED_SAMPLE, "Authorization", "Bearer " + CONTROL_TOKEN);
      assertThat(disabled.statusCode()).isEqualTo(401);
      assertThat(json(disabled).path("message").asText()).contains("--control-token-file");
    }
  }

  @Test
  void governanceReceiptsSitInTheSqliteLogBesideHttpReceiptsAndTheWholeLogVerifies(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("receipts.sqlite");
    SqliteReceiptLog log = SqliteReceiptLog.open(file, ProxyFixture.KERNEL, ReceiptLogOptions.DEFAULTS);
    List<String> ids = new ArrayList<>();
    try (ProxyFixture f = new ProxyFixture(b -> b.receiptLog(log, file.toString()))) {
      ids.add(json(governWithToken(f, SEED_SAMPLE)).path("receipt_id").asText());
      ids.add(f.get("/orders?page=1").headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
      ids.add(json(governWithToken(f, "{\"action\":\"batch\",\"requests\":[{\"payload\":\"a\"}]}")).path("results").get(0)
          .path("receipt_id").asText());
      for (String id : ids) {
        assertThat(log.get(id)).as(id).isPresent();
      }
    }
    try (ReceiptLogReader reader = ReceiptLogReader.open(file)) {
      LogVerification v = LogVerifier.verify(reader, ProxyFixture.KERNEL.publicKey(), n -> {});
      assertThat(v.problems()).isEmpty();
      assertThat(v.receipts()).isGreaterThanOrEqualTo(3);
    }
  }
}
