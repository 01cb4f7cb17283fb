package io.chio.protect;

import static io.chio.protect.ProxyFixture.grant;
import static io.chio.protect.ProxyFixture.json;
import static io.chio.protect.ProxyFixture.mint;
import static org.assertj.core.api.Assertions.assertThat;

import io.chio.kernel.store.RevocationStore;
import io.chio.kernel.store.StoreException;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RevocationTest {
  @Test
  void revokedCapabilitiesAreDeniedAndAFailingStoreFailsClosed() throws Exception {
    Set<String> revoked = ConcurrentHashMap.newKeySet();
    boolean[] broken = {false};
    RevocationStore store =
        new RevocationStore() {
          @Override
          public boolean isRevoked(String id) throws StoreException {
            if (broken[0]) {
              throw new StoreException("disk on fire");
            }
            return revoked.contains(id);
          }

          @Override
          public void revoke(String id, String reason, long at) {
            revoked.add(id);
          }
        };
    try (ProxyFixture f = new ProxyFixture(b -> b.revocationStore(store))) {
      String cap = mint("cap-revocable", grant("POST /orders/*/refund"));
      assertThat(f.post("/orders/a/refund", "{}", "X-Chio-Capability", cap).statusCode()).isEqualTo(200);
      store.revoke("cap-revocable", "test", 0);
      HttpResponse<String> r = f.post("/orders/a/refund", "{}", "X-Chio-Capability", cap);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(json(r).get("message").asText()).isEqualTo("capability has been revoked");
      broken[0] = true;
      HttpResponse<String> failed = f.post("/orders/a/refund", "{}", "X-Chio-Capability", mint("cap-other", grant("POST /orders/*/refund")));
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(json(failed).get("error").asText()).isEqualTo("chio_evaluation_failed");
      assertThat(f.upstream.seen.stream().filter(s -> s.method().equals("POST")).count()).isEqualTo(1);
    }
  }
}
