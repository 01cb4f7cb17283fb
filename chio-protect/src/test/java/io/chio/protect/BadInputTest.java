package io.chio.protect;

import static io.chio.protect.ProxyFixture.grant;
import static io.chio.protect.ProxyFixture.json;
import static io.chio.protect.ProxyFixture.mint;
import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Scope;
import io.chio.core.json.Json;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile requests against a running proxy: each gets the right status and a signed deny receipt,
 * nothing reaches the upstream, and the proxy keeps serving.
 */
class BadInputTest {
  static ProxyFixture f;
  /** Between the proxy and the upstream: the raw bytes the upstream received. */
  static ByteTap tap;

  @BeforeAll
  static void start() throws Exception {
    TestUpstream upstream = new TestUpstream();
    tap = new ByteTap(upstream.uri());
    f = new ProxyFixture(upstream, b -> b.upstream(tap.uri()).maxBodyBytes(64 * 1024));
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
    tap.close();
  }

  /** After every hostile request: a normal read still works. */
  @AfterEach
  void stillServing() throws Exception {
    assertThat(f.get("/orders").statusCode()).isEqualTo(200);
  }

  private static void assertDeniedWithReceipt(String response, int status) {
    assertThat(RawHttp.status(response)).as(response).isEqualTo(status);
    assertThat(RawHttp.responses(response)).as("exactly one response: nothing smuggled").isEqualTo(1);
    String id = RawHttp.header(response, "X-Chio-Receipt-Id");
    assertThat(id).as("receipt id header").isNotNull();
    HttpReceipt r = f.receipt(id);
    assertThat(r.verdict().verdict()).isEqualTo("deny");
    assertThat(r.responseStatus()).isEqualTo(status);
    assertThat(ReceiptVerifier.trusting(ProxyFixture.KERNEL.publicKey()).verify(r).ok()).isTrue();
    assertThat(response).contains("\"error\":\"chio_bad_request\"").contains("\"receipt_id\":\"" + id + "\"");
  }

  /** Sends raw bytes to the proxy; asserts that not one byte of them reached the upstream's socket. */
  private static String raw(String request) throws Exception {
    int before = f.upstream.seen.size();
    long bytesBefore = tap.size();
    String response = RawHttp.exchange(f.proxy.port(), request);
    assertThat(f.upstream.seen.size()).as("nothing reaches the upstream").isEqualTo(before);
    assertThat(tap.since(bytesBefore)).as("no byte reaches the upstream's socket").isEmpty();
    return response;
  }

  @Test
  void contentLengthWithTransferEncodingIsRejected() throws Exception {
    String smuggle = "GET /orders/ord-9 HTTP/1.1\r\nHost: x\r\n\r\n";
    String r =
        raw("POST /orders/ord-1/refund HTTP/1.1\r\nHost: x\r\nContent-Length: " + (5 + smuggle.length())
            + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggle);
    assertDeniedWithReceipt(r, 400);
    assertThat(r).contains("Transfer-Encoding and Content-Length");
  }

  /** The same smuggling attempt on a kept-alive connection after a good request: the good one goes through, nothing else. */
  @Test
  void smugglingAfterAGoodRequestOnTheSameConnectionForwardsOnlyTheGoodOne() throws Exception {
    long before = tap.size();
    String smuggle = "DELETE /orders/ord-9 HTTP/1.1\r\nHost: x\r\n\r\n";
    String r =
        RawHttp.exchange(
            f.proxy.port(),
            "GET /orders HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /orders/ord-1/refund HTTP/1.1\r\nHost: x\r\nContent-Length: " + (5 + smuggle.length())
                + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggle);
    assertThat(RawHttp.status(r)).isEqualTo(200);
    assertThat(RawHttp.responses(r)).as(r).isEqualTo(2);
    assertThat(r.substring(r.indexOf("HTTP/1.1 ", 1))).startsWith("HTTP/1.1 400");
    String upstreamGot = tap.since(before);
    assertThat(upstreamGot).startsWith("GET /orders HTTP/1.1\r\n").doesNotContain("ord-9").doesNotContain("refund");
  }

  @Test
  void duplicateContentLengthIsRejected() throws Exception {
    assertDeniedWithReceipt(raw("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd"), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xchunked", "chunked, identity", "identity", "gzip"})
  void obfuscatedOrUnsupportedTransferEncodingIsRejected(String te) throws Exception {
    String r = raw("POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\nConnection: close\r\n\r\n0\r\n\r\n");
    assertThat(RawHttp.status(r)).as(r).isIn(400, 501);
    assertThat(RawHttp.responses(r)).isEqualTo(1);
    assertThat(RawHttp.header(r, "X-Chio-Receipt-Id")).as(r).isNotNull();
  }

  @Test
  void duplicateTransferEncodingAndContentLengthListsAreRejected() throws Exception {
    assertDeniedWithReceipt(
        raw("POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400);
    assertDeniedWithReceipt(raw("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 4\r\n\r\nabcd"), 400);
    assertDeniedWithReceipt(raw("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcd"), 400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n",
        "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\nabc",
        "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\nabc",
        "GET /orders HTTP/1.1\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"
      })
  void badFramingLengthsAndTargetsAreRefused(String request) throws Exception {
    String r = raw(request);
    assertThat(RawHttp.status(r)).as(r).isIn(400, 413);
    assertThat(RawHttp.responses(r)).isEqualTo(1);
    assertThat(r).contains("\"error\":\"chio_");
    assertThat(RawHttp.header(r, "X-Chio-Receipt-Id")).as(r).isNotNull();
  }

  /** Jetty refuses the version before a request exists: the JSON error, no receipt (nothing to name), nothing forwarded. */
  @Test
  void unknownHttpVersionIsRefused() throws Exception {
    String r = raw("GET /orders HTTP/9.9\r\nHost: x\r\n\r\n");
    assertThat(RawHttp.status(r)).as(r).isEqualTo(505);
    assertThat(r).contains("\"error\":\"chio_bad_request\"");
  }

  @Test
  void oversizedRequestLineIsRejected() throws Exception {
    String r = raw("GET /orders?q=" + "a".repeat(40_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(RawHttp.status(r)).as(r).isIn(414, 431);
    assertThat(r).contains("\"error\":\"chio_bad_request\"");
    // Jetty stops reading before a request line exists: no method or path a receipt could name.
    assertThat(RawHttp.header(r, "X-Chio-Receipt-Id")).isNull();
  }

  @Test
  void malformedChunkIsRejected() throws Exception {
    assertDeniedWithReceipt(raw("POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"), 400);
  }

  @Test
  void malformedHeaderIsRejected() throws Exception {
    assertDeniedWithReceipt(raw("GET /orders HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"), 400);
    assertDeniedWithReceipt(raw("GET /orders HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n"), 400);
    assertDeniedWithReceipt(raw("GET /orders HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"), 400);
    assertDeniedWithReceipt(raw("GET /orders HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n"), 400);
    assertDeniedWithReceipt(raw("GET /orders HTTP/1.1\r\nHost: x\r\nX-Bare-CR: a\rb\r\n\r\n"), 400);
    assertDeniedWithReceipt(raw("GET /orders HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"), 400);
  }

  @Test
  void oversizedHeadersAreRejected() throws Exception {
    assertDeniedWithReceipt(raw("GET /orders HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n"), 431);
  }

  @Test
  void oversizedBodyIsRejectedByLengthAndWhileStreaming() throws Exception {
    String cap = mint("cap-big", grant("POST /orders/*/refund"));
    int before = f.upstream.seen.size();
    HttpResponse<String> r = f.post("/orders/ord-1/refund", "x".repeat(64 * 1024 + 1), "X-Chio-Capability", cap);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(f.receipt(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow()).responseStatus()).isEqualTo(413);
    // Chunked, so the size is only known while reading.
    StringBuilder chunked = new StringBuilder("POST /orders/ord-1/refund HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 80; i++) {
      chunked.append("400\r\n").append("y".repeat(1024)).append("\r\n");
    }
    chunked.append("0\r\n\r\n");
    String raw = RawHttp.exchange(f.proxy.port(), chunked.toString());
    assertDeniedWithReceipt(raw, 413);
    assertThat(f.upstream.seen.size()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/orders/%2e%2e/admin", "/orders/../admin", "/orders/.%2E/admin", "/orders/ord-1%2Frefund", "/orders//ord-1",
        "/orders/ord-1;x=y/refund", "/orders/%5c..%5cadmin", "/orders/%09", "/orders/%C0%AE%C0%AE/admin"
      })
  void encodedTraversalAndAmbiguousPathsAreRefused(String path) throws Exception {
    assertDeniedWithReceipt(raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
  }

  @Test
  void absoluteFormAndHostCannotRedirectTheProxy() throws Exception {
    String r = RawHttp.exchange(f.proxy.port(), "GET http://169.254.169.254/orders HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n");
    assertThat(RawHttp.status(r)).isEqualTo(200);
    TestUpstream.Seen seen = f.upstream.last();
    assertThat(seen.pathQuery()).isEqualTo("/orders");
    assertThat(seen.header("Host")).as("the configured upstream origin").isEqualTo(tap.uri().getAuthority());
  }

  @Test
  void hopByHopHeadersStopAtTheProxy() throws Exception {
    String r =
        RawHttp.exchange(
            f.proxy.port(),
            "GET /orders HTTP/1.1\r\nHost: x\r\nConnection: close, X-Hop-Secret\r\nX-Hop-Secret: 1\r\nKeep-Alive: timeout=5\r\n"
                + "TE: trailers\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\nX-Api-Key: k-123\r\n"
                + "X-Chio-Whatever: leak\r\nAuthorization: Bearer t\r\n\r\n");
    assertThat(RawHttp.status(r)).isEqualTo(200);
    TestUpstream.Seen seen = f.upstream.last();
    for (String h : List.of("X-Hop-Secret", "Keep-Alive", "TE", "Proxy-Authorization", "X-Chio-Whatever")) {
      assertThat(seen.header(h)).as(h).isNull();
    }
    assertThat(seen.header("X-Api-Key")).isEqualTo("k-123");
    assertThat(seen.header("Authorization")).isEqualTo("Bearer t");
    assertThat(seen.header("Accept-Encoding")).isNull();
  }

  /** The proxy does not tunnel upgrades: Upgrade is hop-by-hop, the upstream gets a plain request. */
  @Test
  void upgradeIsNotPassedOn() throws Exception {
    String r = RawHttp.exchange(f.proxy.port(), "GET /orders HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
    assertThat(RawHttp.status(r)).isEqualTo(200);
    assertThat(f.upstream.last().header("Upgrade")).isNull();
    assertThat(f.upstream.last().header("Connection")).isNull();
  }

  /**
   * An encoded NUL or CR/LF, or an invalid escape, in the target stops Jetty's parser before any request exists: 400 in
   * the JSON shape, nothing forwarded. No receipt: there is no request line to record.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/orders/%00", "/orders/%0d%0aX:1", "/orders/%zz"})
  void controlCharactersInTheTargetAreRefusedByTheParser(String path) throws Exception {
    String r = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(RawHttp.status(r)).isEqualTo(400);
    assertThat(r).contains("\"error\":\"chio_bad_request\"");
  }

  @Test
  void forgedTruncatedUntrustedAndExpiredCapabilitiesAreDenied() throws Exception {
    String good = mint("cap-ok", grant("POST /orders/*/refund"));
    String forged = good.replace("\"cap-ok\"", "\"cap-ok2\"");
    String truncated = good.substring(0, good.length() / 2);
    String untrusted = mint(ProxyFixture.STRANGER, "cap-stranger", grant("POST /orders/*/refund"));
    String expired =
        Json.mapper()
            .valueToTree(
                CapabilityToken.issue(
                        ProxyFixture.KERNEL, "cap-old", ProxyFixture.AGENT.publicKey(),
                        Scope.ofTools(List.of(grant("POST /orders/*/refund"))), 1000, 2000)
                    .toJson())
            .toString();
    String notJson = "definitely-not-a-token!";
    int before = f.upstream.seen.size();
    long bytesBefore = tap.size();
    assertDenied(forged, "capability signature does not verify", false);
    assertDenied(truncated, "malformed", false);
    assertDenied(untrusted, "capability issuer is not trusted", false);
    assertDenied(expired, "capability has expired", true);
    assertDenied(notJson, "neither token JSON nor base64url", false);
    assertThat(f.upstream.seen.size()).isEqualTo(before);
    assertThat(tap.since(bytesBefore)).isEmpty();
    assertThat(f.post("/orders/ord-1/refund", "{}", "X-Chio-Capability", good).statusCode()).isEqualTo(200);
  }

  private static void assertDenied(String cap, String reason, boolean idRecorded) throws Exception {
    HttpResponse<String> r = f.post("/orders/ord-1/refund", "{}", "X-Chio-Capability", cap);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("error").asText()).isEqualTo("chio_access_denied");
    assertThat(json(r).get("message").asText()).contains(reason);
    HttpReceipt receipt = f.receipt(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
    assertThat(receipt.verdict().verdict()).isEqualTo("deny");
    // Only an authentic token's id goes into a receipt: a forger cannot plant ids in the log.
    assertThat(receipt.capabilityId().isPresent()).isEqualTo(idRecorded);
  }

  @Test
  void capabilityForAnotherTenantIsDeniedWithAReceiptAndNothingForwarded() throws Exception {
    String cap = mint("cap-acme", grant("GET /tenants/acme-42/**"), ProxyFixture.tenantRefundGrant());
    long before = tap.size();
    HttpResponse<String> r = f.post("/tenants/other-99/orders/ord-1/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "100");
    assertThat(r.statusCode()).isEqualTo(403);
    HttpReceipt deny = f.receipt(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
    assertThat(deny.verdict().verdict()).isEqualTo("deny");
    assertThat(deny.capabilityId()).contains("cap-acme");
    assertThat(ReceiptVerifier.trusting(ProxyFixture.KERNEL.publicKey()).verify(deny).ok()).isTrue();
    assertThat(tap.since(before)).isEmpty();
  }

  /** An allowed call carrying chio material everywhere: not one byte of "chio" reaches the upstream's socket. */
  @Test
  void theUpstreamSeesNothingOfChio() throws Exception {
    String cap = mint("cap-clean", grant("POST /orders/*/refund"));
    String b64 = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(cap.getBytes(StandardCharsets.UTF_8));
    long before = tap.size();
    HttpResponse<String> r =
        f.post("/orders/ord-1/refund?a=1&chio_capability=" + b64, "{\"amount_cents\": 1}", "X-Chio-Cost", "1", "X-Chio-Approval-Id",
            "nope", "X-Chio-Receipt-Id", "caller-forged", "Authorization", "Bearer t");
    assertThat(r.statusCode()).isEqualTo(200);
    String wire = tap.since(before);
    assertThat(wire).startsWith("POST /orders/ord-1/refund?a=1 HTTP/1.1\r\n").contains("Authorization: Bearer t\r\n");
    assertThat(wire.toLowerCase(java.util.Locale.ROOT)).doesNotContain("chio");
  }

  @Test
  void twoCapabilitiesAreAmbiguous() throws Exception {
    String cap = mint("cap-two", grant("POST /orders/*/refund"));
    String b64 = java.util.Base64.getUrlEncoder().encodeToString(cap.getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = f.post("/orders/ord-1/refund?chio_capability=" + b64, "{}", "X-Chio-Capability", cap);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("chio_bad_request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TRACE /orders", "FOO /orders", "PROPFIND /orders", "CONNECT 169.254.169.254:443", "CONNECT 127.0.0.1:22"})
  void unsupportedMethodsAndTunnelsAreRefused(String line) throws Exception {
    String r = raw(line + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(RawHttp.status(r)).as(r).isIn(400, 405);
    assertThat(r).contains("\"error\":\"chio_bad_request\"");
    assertThat(RawHttp.responses(r)).isEqualTo(1);
  }
}
