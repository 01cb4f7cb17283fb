package io.chio.protect;

import static io.chio.protect.ProxyFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.capability.MonetaryAmount;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.kernel.store.BudgetKey;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Upstreams that reset, hang, answer garbage or cut a body short: a final receipt every time. */
class UpstreamFailureTest {
  private static ProxyFixture proxyFor(RawUpstream raw) throws Exception {
    return new ProxyFixture(new TestUpstream(), b -> b.upstream(raw.uri()).responseTimeout(Duration.ofMillis(800)));
  }

  private static HttpReceipt assertFinal(ProxyFixture f, HttpResponse<String> r, int status, String error) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("error").asText()).isEqualTo(error);
    HttpReceipt fin = f.receipt(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
    assertThat(fin.statusScope()).contains("final");
    assertThat(fin.responseStatus()).isEqualTo(status);
    HttpReceipt decision = f.receipt(fin.decisionReceiptId().orElseThrow());
    assertThat(ReceiptVerifier.trusting(ProxyFixture.KERNEL.publicKey()).verifyPair(decision, fin).ok()).isTrue();
    return fin;
  }

  @Test
  void resetGives502WithAFinalReceipt() throws Exception {
    try (RawUpstream raw = new RawUpstream(RawUpstream.Mode.RESET); ProxyFixture f = proxyFor(raw)) {
      assertFinal(f, f.get("/orders"), 502, "chio_upstream_error");
      assertFinal(f, f.get("/orders"), 502, "chio_upstream_error");
    }
  }

  @Test
  void hangGives504ChioTimeoutWithAFinalReceipt() throws Exception {
    try (RawUpstream raw = new RawUpstream(RawUpstream.Mode.HANG); ProxyFixture f = proxyFor(raw)) {
      long t0 = System.nanoTime();
      assertFinal(f, f.get("/orders"), 504, "chio_timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void ambiguousOversizedSwitchingOrBadStatusResponsesGive502WithAFinalReceipt() throws Exception {
    for (RawUpstream.Mode mode :
        new RawUpstream.Mode[] {
          RawUpstream.Mode.AMBIGUOUS, RawUpstream.Mode.HUGE_HEADERS, RawUpstream.Mode.SWITCH_PROTOCOLS, RawUpstream.Mode.BAD_STATUS
        }) {
      try (RawUpstream raw = new RawUpstream(mode); ProxyFixture f = proxyFor(raw)) {
        HttpResponse<String> r = f.get("/orders");
        assertFinal(f, r, 502, "chio_upstream_error");
        assertThat(r.body()).as(mode.name()).doesNotContain("smuggle");
        assertThat(f.get("/chio/health").statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void hopByHopResponseFieldsAndAForgedReceiptIdStopAtTheProxy() throws Exception {
    try (RawUpstream raw = new RawUpstream(RawUpstream.Mode.HOP_HEADERS); ProxyFixture f = proxyFor(raw)) {
      String r = RawHttp.exchange(f.proxy.port(), "GET /orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(RawHttp.status(r)).as(r).isEqualTo(200);
      assertThat(r).endsWith("\r\n\r\nok");
      assertThat(RawHttp.header(r, "X-End-To-End")).isEqualTo("kept");
      for (String h : new String[] {"X-Secret", "Keep-Alive", "Proxy-Authenticate"}) {
        assertThat(RawHttp.header(r, h)).as(h).isNull();
      }
      String id = RawHttp.header(r, "X-Chio-Receipt-Id");
      assertThat(id).isNotEqualTo("forged");
      assertThat(f.receipt(id).statusScope()).contains("final");
    }
  }

  /** Below the limit, a large header block passes through untouched. */
  @Test
  void largeResponseHeadersUnderTheLimitPassThrough() throws Exception {
    try (ProxyFixture f = new ProxyFixture()) {
      HttpResponse<String> r = f.get("/big-headers");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Big")).contains("b".repeat(20_000));
      assertThat(f.receipt(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow()).responseStatus()).isEqualTo(200);
    }
  }

  @Test
  void garbageGives502WithAFinalReceipt() throws Exception {
    try (RawUpstream raw = new RawUpstream(RawUpstream.Mode.GARBAGE); ProxyFixture f = proxyFor(raw)) {
      assertFinal(f, f.get("/orders"), 502, "chio_upstream_error");
    }
  }

  /**
   * A write the upstream received but never answered may have happened: its cost stays spent.
   * One that never reached the upstream (connection refused) gives its cost back.
   */
  @Test
  void aForwardedWriteThatFailsStillSpendsItsBudget() throws Exception {
    String cap =
        ProxyFixture.mint("cap-hang", ProxyFixture.grant("POST /orders/*/refund").withMaxTotalCost(new MonetaryAmount(10_000, "USD")));
    try (RawUpstream raw = new RawUpstream(RawUpstream.Mode.HANG); ProxyFixture f = proxyFor(raw)) {
      assertFinal(f, f.post("/orders/a/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "6000"), 504, "chio_timeout");
      awaitSettled(f, "cap-hang");
      assertThat(f.budgets.state(new BudgetKey("cap-hang", 0)).realizedUnits()).isEqualTo(6000);
      HttpResponse<String> over = f.post("/orders/b/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "6000");
      assertThat(over.statusCode()).isEqualTo(403);
      assertThat(json(over).get("message").asText()).contains("budget exhausted");
    }
    java.net.URI dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      dead = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    String cap2 =
        ProxyFixture.mint("cap-refused", ProxyFixture.grant("POST /orders/*/refund").withMaxTotalCost(new MonetaryAmount(10_000, "USD")));
    try (ProxyFixture f = new ProxyFixture(new TestUpstream(), b -> b.upstream(dead))) {
      assertFinal(f, f.post("/orders/a/refund", "{}", "X-Chio-Capability", cap2, "X-Chio-Cost", "6000"), 502, "chio_upstream_error");
      awaitSettled(f, "cap-refused");
      assertThat(f.budgets.state(new BudgetKey("cap-refused", 0)).realizedUnits()).isZero();
    }
  }

  private static void awaitSettled(ProxyFixture f, String capabilityId) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (f.budgets.state(new BudgetKey(capabilityId, 0)).exposedUnits() != 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(f.budgets.state(new BudgetKey(capabilityId, 0)).exposedUnits()).isZero();
  }

  @Test
  void connectionRefusedGives502() throws Exception {
    java.net.URI dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      dead = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    try (ProxyFixture f = new ProxyFixture(new TestUpstream(), b -> b.upstream(dead))) {
      assertFinal(f, f.get("/orders"), 502, "chio_upstream_error");
    }
  }

  /** Headers already went out: the caller sees a truncated response, and the final receipt says 200. */
  @Test
  void bodyCutShortIsNotPassedOffAsComplete() throws Exception {
    try (RawUpstream raw = new RawUpstream(RawUpstream.Mode.HALF_BODY); ProxyFixture f = proxyFor(raw)) {
      try {
        HttpResponse<String> r = f.get("/orders");
        assertThat(r.body().length()).isLessThan(100);
      } catch (IOException expected) {
        // The truncated response surfaces as an I/O error: the caller is not told it was complete.
      }
      assertThat(f.receipts()).anySatisfy(r -> {
        assertThat(r.statusScope()).contains("final");
        assertThat(r.responseStatus()).isEqualTo(200);
      });
      // And the proxy keeps serving.
      assertThat(f.get("/chio/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void slowButInTimeIsStreamedAndLargeResponsesPassThroughUnchanged() throws Exception {
    try (ProxyFixture f = new ProxyFixture()) {
      HttpResponse<String> r = f.get("/stream");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("line 0\n").endsWith("line 19999\n");
      assertThat(r.body().lines().count()).isEqualTo(20000);
    }
  }
}
