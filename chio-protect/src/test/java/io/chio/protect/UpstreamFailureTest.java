package io.chio.protect;

import static io.chio.protect.ProxyFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.ReceiptVerifier;
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
    assertThat(r.statusCode()).isEqualTo(status);
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
  void garbageGives502WithAFinalReceipt() throws Exception {
    try (RawUpstream raw = new RawUpstream(RawUpstream.Mode.GARBAGE); ProxyFixture f = proxyFor(raw)) {
      assertFinal(f, f.get("/orders"), 502, "chio_upstream_error");
    }
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
