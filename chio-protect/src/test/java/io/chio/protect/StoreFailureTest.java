package io.chio.protect;

import static io.chio.protect.ProxyFixture.grant;
import static io.chio.protect.ProxyFixture.json;
import static io.chio.protect.ProxyFixture.mint;
import static org.assertj.core.api.Assertions.assertThat;

import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.SqliteReceiptLog;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receipt that cannot be appended stops the call: 500 {@code chio_evaluation_failed}, no
 * receipt id, nothing forwarded, no store internals in the answer; and the proxy serves again once
 * the store does.
 */
class StoreFailureTest {
  @TempDir Path dir;

  /** Passes appends through, except while {@code failing}, or after {@code okLeft} more appends. */
  static final class FailingLog implements ReceiptLog {
    final ReceiptLog delegate;
    volatile boolean failing;
    final AtomicInteger okLeft = new AtomicInteger(Integer.MAX_VALUE);

    FailingLog(ReceiptLog delegate) {
      this.delegate = delegate;
    }

    @Override
    public long append(ReceiptRecord record) throws StoreException {
      if (failing || okLeft.getAndDecrement() <= 0) {
        throw new StoreException("disk I/O error writing /var/lib/chio/receipts.sqlite");
      }
      return delegate.append(record);
    }

    @Override
    public void close() throws StoreException {
      delegate.close();
    }
  }

  private static void assertRefused(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
    assertThat(json(r).get("error").asText()).isEqualTo("chio_evaluation_failed");
    assertThat(json(r).get("message").asText()).contains("fail-closed").doesNotContain("/var/lib").doesNotContain(".sqlite");
    assertThat(json(r).has("receipt_id")).isFalse();
    assertThat(r.headers().firstValue("X-Chio-Receipt-Id")).isEmpty();
  }

  @Test
  void aClosedSqliteLogRefusesEveryCallAndNothingIsForwarded() throws Exception {
    SqliteReceiptLog sqlite = SqliteReceiptLog.open(dir.resolve("r.sqlite"), ProxyFixture.KERNEL, ReceiptLogOptions.DEFAULTS);
    try (ProxyFixture f = new ProxyFixture(b -> b.receiptLog(sqlite, "r.sqlite"))) {
      assertThat(f.get("/orders").statusCode()).isEqualTo(200);
      int forwarded = f.upstream.seen.size();
      sqlite.close();
      String cap = mint("cap-closed", grant("POST /orders/*/refund").withMaxInvocations(5L));
      assertRefused(f.get("/orders"));
      assertRefused(f.post("/orders/ord-1/refund", "{}", "X-Chio-Capability", cap));
      assertRefused(f.post("/orders/ord-1/refund", "{}"));
      assertRefused(f.get("/unknown/route"));
      String raw = RawHttp.exchange(f.proxy.port(), "GET /orders HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n");
      assertThat(RawHttp.status(raw)).isEqualTo(500);
      assertThat(RawHttp.header(raw, "X-Chio-Receipt-Id")).isNull();
      assertThat(f.upstream.seen).as("nothing reached the upstream").hasSize(forwarded);
      // A refused call spent no cost; the invocation stays counted (the safe side).
      assertThat(f.budgets.state(new BudgetKey("cap-closed", 0)).exposedUnits()).isZero();
    }
  }

  @Test
  void theProxyServesAgainWhenTheStoreRecovers() throws Exception {
    FailingLog log = new FailingLog(new InMemoryReceiptLog(1000));
    try (ProxyFixture f = new ProxyFixture(b -> b.receiptLog(log, "flaky"))) {
      log.failing = true;
      int before = f.upstream.seen.size();
      for (int i = 0; i < 5; i++) {
        assertRefused(f.get("/orders"));
      }
      assertThat(f.upstream.seen).hasSize(before);
      log.failing = false;
      HttpResponse<String> ok = f.get("/orders");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("X-Chio-Receipt-Id")).isPresent();
    }
  }

  /**
   * The decision receipt was logged and the call forwarded, but the final receipt fails: the
   * upstream's answer is withheld (a 500 instead), because no answer leaves without its evidence.
   */
  @Test
  void aFinalReceiptThatCannotBeLoggedWithholdsTheUpstreamAnswer() throws Exception {
    FailingLog log = new FailingLog(new InMemoryReceiptLog(1000));
    try (ProxyFixture f = new ProxyFixture(b -> b.receiptLog(log, "flaky"))) {
      String cap = mint("cap-final", grant("POST /orders/*/refund"));
      log.okLeft.set(1); // the decision receipt only
      HttpResponse<String> r = f.post("/orders/ord-1/refund", "{}", "X-Chio-Capability", cap);
      assertRefused(r);
      assertThat(r.body()).doesNotContain("refund_issued");
      assertThat(f.upstream.last().pathQuery()).isEqualTo("/orders/ord-1/refund");
      log.okLeft.set(Integer.MAX_VALUE);
      assertThat(f.get("/orders").statusCode()).isEqualTo(200);
    }
  }
}
