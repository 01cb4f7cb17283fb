package io.chio.protect;

import static io.chio.protect.ProxyFixture.grant;
import static io.chio.protect.ProxyFixture.json;
import static io.chio.protect.ProxyFixture.mint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.HttpRequestHashes;
import io.chio.core.receipt.ReceiptVerifier;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's examples, as HTTP calls against a running proxy. */
class SeedExamplesTest {
  static ProxyFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ProxyFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void seedCurlRefundWithBearerAndCapability() throws Exception {
    String cap = mint("cap-refund-42", grant("POST /orders/{orderId}/refund"));
    String body = "{\"amount_cents\": 4200, \"reason\": \"duplicate charge\"}";
    HttpResponse<String> r =
        f.post(
            "/orders/ord-42/refund", body, "Authorization", "Bearer upstream-user-token-abc", "X-Chio-Capability", cap,
            "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("refund_issued");
    assertThat(json(r).get("refund_id").asText()).isEqualTo("rf-99");

    // The upstream got the original request: Authorization unchanged, body byte for byte, nothing of chio.
    TestUpstream.Seen seen = f.upstream.last();
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.pathQuery()).isEqualTo("/orders/ord-42/refund");
    assertThat(seen.header("Authorization")).isEqualTo("Bearer upstream-user-token-abc");
    assertThat(seen.header("Content-Type")).isEqualTo("application/json");
    assertThat(seen.bodyText()).isEqualTo(body);
    assertThat(seen.hasHeaderStartingWith("x-chio-")).isFalse();
    assertThat(seen.header("User-Agent")).startsWith("Java-http-client");
    assertThat(seen.header("Via")).isNull();

    // A decision and a final receipt, both signed by the kernel key, paired.
    String finalId = r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow();
    HttpReceipt fin = f.receipt(finalId);
    assertThat(fin.statusScope()).contains("final");
    assertThat(fin.responseStatus()).isEqualTo(200);
    assertThat(fin.routePattern()).isEqualTo("/orders/{orderId}/refund");
    assertThat(fin.capabilityId()).contains("cap-refund-42");
    assertThat(fin.callerIdentityHash()).isEqualTo(HttpRequestHashes.callerIdentityHash("Bearer upstream-user-token-abc", null));
    assertThat(fin.toJson().toString()).doesNotContain("upstream-user-token-abc");
    assertThat(fin.policyHash()).isEqualTo(f.proxy.config().spec().policyHash());
    assertThat(fin.contentHash())
        .isEqualTo(
            HttpRequestHashes.contentHash(
                io.chio.core.receipt.HttpMethod.POST, "/orders/{orderId}/refund", "/orders/ord-42/refund", Map.of(),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    HttpReceipt decision = f.receipt(fin.decisionReceiptId().orElseThrow());
    assertThat(decision.statusScope()).contains("decision");
    ReceiptVerifier verifier = ReceiptVerifier.trusting(ProxyFixture.KERNEL.publicKey());
    assertThat(verifier.verify(decision).ok()).isTrue();
    assertThat(verifier.verify(fin).ok()).isTrue();
    assertThat(verifier.verifyPair(decision, fin).ok()).isTrue();
    JsonNode metadata = fin.metadata().orElseThrow();
    assertThat(metadata.at("/http/route_pattern").asText()).isEqualTo("/orders/{orderId}/refund");
    assertThat(metadata.at("/http/server_id").asText()).isEqualTo("orders-api");
    assertThat(fin.evidence()).anySatisfy(e -> assertThat(e.details()).contains("capability cap-refund-42 authorizes POST /orders/{orderId}/refund"));
    assertThat(fin.evidence()).anySatisfy(e -> assertThat(e.details()).contains("invocation cost 50000 under limit 50000"));

    // The response passes back unchanged, with chio's receipt id instead of the one the upstream tried to set.
    assertThat(r.headers().allValues("X-Chio-Receipt-Id")).containsExactly(finalId);
    assertThat(r.headers().firstValue("X-Upstream")).contains("orders");
    assertThat(r.headers().firstValue("Set-Cookie")).isPresent();
  }

  @Test
  void publicReadFlowsThroughWithAnAuditReceipt() throws Exception {
    HttpResponse<String> r = f.get("/orders?status=open&limit=10");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(f.upstream.last().pathQuery()).isEqualTo("/orders?status=open&limit=10");
    HttpReceipt fin = f.receipt(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
    assertThat(fin.verdict().verdict()).isEqualTo("allow");
    assertThat(fin.callerIdentityHash()).isEqualTo("anonymous");
    assertThat(fin.capabilityId()).isEmpty();
    assertThat(fin.routePattern()).isEqualTo("/orders");
  }

  @Test
  void writeWithoutCapabilityFailsClosedWith403AndAReceipt() throws Exception {
    int before = f.upstream.seen.size();
    HttpResponse<String> r = f.post("/orders/ord-1/refund", "{}", "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode body = json(r);
    assertThat(body.get("error").asText()).isEqualTo("chio_access_denied");
    assertThat(body.get("suggestion").asText()).contains("X-Chio-Capability");
    String id = r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow();
    assertThat(body.get("receipt_id").asText()).isEqualTo(id);
    HttpReceipt deny = f.receipt(id);
    assertThat(deny.verdict().verdict()).isEqualTo("deny");
    assertThat(deny.responseStatus()).isEqualTo(403);
    assertThat(f.upstream.seen.size()).isEqualTo(before);
  }

  @Test
  void headCannotEscapeAGuardedGetRoute() throws Exception {
    java.net.http.HttpResponse<String> head =
        f.send(java.net.http.HttpRequest.newBuilder(f.uri("/orders/ord-1")).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(403);
    java.net.http.HttpResponse<String> ok =
        f.send(java.net.http.HttpRequest.newBuilder(f.uri("/orders")).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(f.upstream.last().method()).isEqualTo("HEAD");
    assertThat(f.receipt(ok.headers().firstValue("X-Chio-Receipt-Id").orElseThrow()).method().wire()).isEqualTo("HEAD");
  }

  @Test
  void unknownRoutesTakeTheMethodDefault() throws Exception {
    int before = f.upstream.seen.size();
    HttpResponse<String> get = f.get("/not/in/spec");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(f.receipt(get.headers().firstValue("X-Chio-Receipt-Id").orElseThrow()).routePattern()).isEqualTo("/not/in/spec");
    HttpResponse<String> post = f.post("/not/in/spec", "x");
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(f.upstream.seen.size()).isEqualTo(before + 1);
    // ...unless a capability authorizes exactly that.
    HttpResponse<String> allowed = f.post("/not/in/spec", "x", "X-Chio-Capability", mint("cap-unknown", grant("POST /not/in/spec")));
    assertThat(allowed.statusCode()).isEqualTo(200);
  }

  @Test
  void multiTenantCapabilityCannotTouchAnotherTenant() throws Exception {
    String cap = mint("cap-tenant-acme", grant("GET /tenants/acme-42/**"), ProxyFixture.tenantRefundGrant());
    HttpResponse<String> ok = f.post("/tenants/acme-42/orders/ord-1/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "4200");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(f.upstream.last().hasHeaderStartingWith("x-chio-")).isFalse();
    assertThat(f.receipt(ok.headers().firstValue("X-Chio-Receipt-Id").orElseThrow()).evidence())
        .anySatisfy(e -> assertThat(e.details()).contains("invocation cost 4200 under limit 50000; charged to grant 1"));
    // Without a declared cost the route's whole limit (50000) is held, more than the grant's 25000 total.
    HttpResponse<String> undeclared = f.post("/tenants/acme-42/orders/ord-2/refund", "{}", "X-Chio-Capability", cap);
    assertThat(undeclared.statusCode()).isEqualTo(403);
    assertThat(json(undeclared).get("message").asText()).startsWith("budget exhausted");
    int before = f.upstream.seen.size();
    HttpResponse<String> other = f.post("/tenants/other-99/orders/ord-1/refund", "{}", "X-Chio-Capability", cap);
    assertThat(other.statusCode()).isEqualTo(403);
    HttpReceipt deny = f.receipt(other.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
    assertThat(deny.verdict().toJson().get("guard").asText()).isEqualTo("http-capability");
    assertThat(deny.verdict().toJson().get("reason").asText())
        .contains("/tenants/other-99/orders/ord-1/refund")
        .contains("POST /tenants/acme-42/orders/{orderId}/refund");
    assertThat(f.upstream.seen.size()).isEqualTo(before);
  }

  @Test
  void capabilityInQueryParameterIsAcceptedAsBase64urlAndStripped() throws Exception {
    String cap = mint("cap-query", grant("POST /orders/*/refund"));
    String b64 = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(cap.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> r = f.post("/orders/ord-7/refund?dry=1&chio_capability=" + b64 + "&x=y", "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(f.upstream.last().pathQuery()).isEqualTo("/orders/ord-7/refund?dry=1&x=y");
    assertThat(List.of(f.upstream.last().pathQuery())).noneMatch(s -> s.contains("chio"));
  }
}
