package io.chio.protect;

import static io.chio.protect.ProxyFixture.grant;
import static io.chio.protect.ProxyFixture.mint;
import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.receipt.HttpReceipt;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  @Test
  void manyConcurrentCallsEachGetTheirReceiptsAndBudgetsHold() throws Exception {
    try (ProxyFixture f = new ProxyFixture()) {
      String limited = mint("cap-ten", grant("POST /orders/*/refund").withMaxInvocations(10L));
      List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
      List<CompletableFuture<HttpResponse<String>>> gets = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        posts.add(
            f.http.sendAsync(
                HttpRequest.newBuilder(f.uri("/orders/o" + i + "/refund")).header("X-Chio-Capability", limited)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}")).build(),
                HttpResponse.BodyHandlers.ofString()));
        gets.add(f.http.sendAsync(HttpRequest.newBuilder(f.uri("/orders?page=" + i)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      int allowed = 0;
      int denied = 0;
      Set<String> ids = new HashSet<>();
      for (CompletableFuture<HttpResponse<String>> p : posts) {
        HttpResponse<String> r = p.get();
        ids.add(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
        if (r.statusCode() == 200) {
          allowed++;
        } else {
          assertThat(r.statusCode()).isEqualTo(403);
          denied++;
        }
      }
      for (CompletableFuture<HttpResponse<String>> g : gets) {
        HttpResponse<String> r = g.get();
        assertThat(r.statusCode()).isEqualTo(200);
        ids.add(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
      }
      // The invocation limit holds under concurrency: exactly 10 refunds reached the upstream.
      assertThat(allowed).isEqualTo(10);
      assertThat(denied).isEqualTo(50);
      assertThat(f.upstream.seen.stream().filter(s -> s.method().equals("POST")).count()).isEqualTo(10);
      assertThat(ids).hasSize(120);
      // Two receipts per forwarded call, one per denial, every one distinct.
      List<HttpReceipt> all = f.receipts();
      assertThat(all).hasSize(2 * (10 + 60) + 50);
      assertThat(all.stream().map(HttpReceipt::id).distinct().count()).isEqualTo(all.size());
      for (String id : ids) {
        assertThat(f.receipt(id)).isNotNull();
      }
    }
  }
}
