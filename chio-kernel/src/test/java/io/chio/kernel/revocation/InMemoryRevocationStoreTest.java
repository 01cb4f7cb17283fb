package io.chio.kernel.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRevocationStoreTest {
  final InMemoryRevocationStore store = new InMemoryRevocationStore();

  @Test
  void revokedIdsAreReportedAndOthersAreNot() {
    store.revoke("cap-parent", "key compromised", 100);
    assertThat(store.isRevoked("cap-parent")).isTrue();
    assertThat(store.isRevoked("cap-other")).isFalse();
  }

  @Test
  void anyIdInAChainRevokesTheWholeChain() throws Exception {
    store.revoke("cap-parent", "rotated", 100);
    assertThat(store.anyRevoked(List.of("cap-child", "cap-parent"))).isTrue();
    assertThat(store.anyRevoked(List.of("cap-child", "cap-sibling"))).isFalse();
    assertThat(store.anyRevoked(List.of())).isFalse();
  }

  @Test
  void theFirstRevocationIsKept() {
    store.revoke("cap-1", "first", 100);
    store.revoke("cap-1", "second", 200);
    assertThat(store.revocation("cap-1")).contains(new InMemoryRevocationStore.Revocation("cap-1", "first", 100));
  }
}
