package io.chio.protect;

import static io.chio.protect.ProxyFixture.grant;
import static io.chio.protect.ProxyFixture.mint;
import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.receipt.HttpReceipt;
import io.chio.kernel.store.BudgetKey;
import io.chio.store.LogVerification;
import io.chio.store.LogVerifier;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.ReceiptLogReader;
import io.chio.store.SqliteBudgetStore;
import io.chio.store.SqliteReceiptLog;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /**
   * The same burst with the CLI's --receipt-store layout: the SQLite receipt log and the budgets in
   * one file, two writers on it. The limit still holds exactly, every answered receipt id is in the
   * log, and the whole log verifies.
   */
  @Test
  void theSameBurstOverOneSqliteFileForReceiptsAndBudgets(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("receipts.sqlite");
    SqliteReceiptLog log = SqliteReceiptLog.open(file, ProxyFixture.KERNEL, ReceiptLogOptions.DEFAULTS);
    SqliteBudgetStore budgets = SqliteBudgetStore.open(file);
    Set<String> ids = new HashSet<>();
    int allowed = 0;
    try (ProxyFixture f = new ProxyFixture(b -> b.receiptLog(log, file.toString()).budgetStore(budgets))) {
      String limited = mint("cap-ten-sqlite", grant("POST /orders/*/refund").withMaxInvocations(10L));
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(
            f.http.sendAsync(
                HttpRequest.newBuilder(f.uri("/orders/o" + i + "/refund")).header("X-Chio-Capability", limited)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}")).build(),
                HttpResponse.BodyHandlers.ofString()));
        calls.add(f.http.sendAsync(HttpRequest.newBuilder(f.uri("/orders?page=" + i)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> c : calls) {
        HttpResponse<String> r = c.get();
        assertThat(r.statusCode()).as(r.body()).isIn(200, 403);
        if (r.statusCode() == 200 && r.uri().getPath().endsWith("/refund")) {
          allowed++;
        }
        ids.add(r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
      }
      for (String id : ids) {
        assertThat(log.get(id)).as(id).isPresent();
      }
    } // closing the proxy closes the log (final checkpoint) and the budget store
    assertThat(allowed).isEqualTo(10);
    assertThat(ids).hasSize(80);
    try (ReceiptLogReader reader = ReceiptLogReader.open(file)) {
      LogVerification v = LogVerifier.verify(reader, ProxyFixture.KERNEL.publicKey(), n -> {});
      assertThat(v.problems()).isEmpty();
      assertThat(v.receipts()).isEqualTo(2 * (10 + 40) + 30);
      assertThat(v.uncheckpointed()).isZero();
    }
    try (SqliteBudgetStore reopened = SqliteBudgetStore.open(file)) {
      assertThat(reopened.state(new BudgetKey("cap-ten-sqlite", 0)).invocations()).isEqualTo(10);
    }
  }
}
