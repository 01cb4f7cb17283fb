package io.chio.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HttpApprovalsTest {
  private static HttpApprovals.Call call(String path) {
    return new HttpApprovals.Call("orders-api", "cap-1", "DELETE", "/orders/{id}", path, "hash-" + path, "anonymous");
  }

  @Test
  void lifecycle() {
    HttpApprovals a = new HttpApprovals(new SecureRandom(), 100, 10);
    HttpApprovals.Approval p = a.open(call("/orders/1"), "why", 1000).orElseThrow();
    assertThat(a.open(call("/orders/1"), "why", 1001).orElseThrow().id()).isEqualTo(p.id());
    assertThat(a.redeem(p.id(), call("/orders/1"), 1002)).isEqualTo(HttpApprovals.Redemption.PENDING);
    a.respond(p.id(), true, null, 1003);
    assertThat(a.redeem(p.id(), call("/orders/2"), 1004)).isEqualTo(HttpApprovals.Redemption.MISMATCH);
    assertThat(a.redeem(p.id(), call("/orders/1"), 1004)).isEqualTo(HttpApprovals.Redemption.GRANTED);
    assertThat(a.redeem(p.id(), call("/orders/1"), 1005)).isEqualTo(HttpApprovals.Redemption.ALREADY_USED);
    assertThat(a.redeem("apr-nope", call("/orders/1"), 1005)).isEqualTo(HttpApprovals.Redemption.UNKNOWN);
    assertThatThrownBy(() -> a.respond(p.id(), true, null, 1006)).hasMessageContaining("already consumed");
  }

  @Test
  void expiryAndDenial() {
    HttpApprovals a = new HttpApprovals(new SecureRandom(), 100, 10);
    HttpApprovals.Approval p = a.open(call("/orders/1"), "why", 1000).orElseThrow();
    assertThatThrownBy(() -> a.respond(p.id(), true, null, 1100)).hasMessageContaining("expired");
    assertThat(a.redeem(p.id(), call("/orders/1"), 1100)).isEqualTo(HttpApprovals.Redemption.EXPIRED);
    assertThat(a.pending(1100)).isEmpty();
    HttpApprovals.Approval q = a.open(call("/orders/2"), "why", 2000).orElseThrow();
    a.respond(q.id(), false, "no", 2001);
    assertThat(a.redeem(q.id(), call("/orders/2"), 2002)).isEqualTo(HttpApprovals.Redemption.DENIED);
  }

  @Test
  void fullRegistryFailsClosedUntilEntriesDie() {
    HttpApprovals a = new HttpApprovals(new SecureRandom(), 100, 2);
    a.open(call("/1"), "r", 0).orElseThrow();
    a.open(call("/2"), "r", 0).orElseThrow();
    assertThat(a.open(call("/3"), "r", 0)).isEmpty();
    assertThat(a.open(call("/3"), "r", 100)).isPresent();
  }

  @Test
  void oneApprovalLetsExactlyOneConcurrentRedemptionThrough() throws Exception {
    HttpApprovals a = new HttpApprovals(new SecureRandom(), 100, 10);
    HttpApprovals.Approval p = a.open(call("/orders/1"), "why", 0).orElseThrow();
    a.respond(p.id(), true, null, 1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<HttpApprovals.Redemption>> results = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      results.add(pool.submit(() -> a.redeem(p.id(), call("/orders/1"), 2)));
    }
    int granted = 0;
    for (Future<HttpApprovals.Redemption> f : results) {
      if (f.get() == HttpApprovals.Redemption.GRANTED) {
        granted++;
      }
    }
    pool.shutdown();
    assertThat(granted).isEqualTo(1);
  }
}
