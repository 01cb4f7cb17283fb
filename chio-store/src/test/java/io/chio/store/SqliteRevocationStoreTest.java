package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRevocationStoreTest {
  @TempDir Path dir;

  @Test
  void revocationIsPersistentIdempotentAndFirstReasonWins() throws Exception {
    Path file = dir.resolve("r.db");
    try (SqliteRevocationStore s = SqliteRevocationStore.open(file)) {
      assertThat(s.isRevoked("cap-1")).isFalse();
      s.revoke("cap-1", "key leaked", 100);
      s.revoke("cap-1", "again", 200);
      assertThat(s.isRevoked("cap-1")).isTrue();
      assertThat(s.isRevoked("cap-2")).isFalse();
    }
    try (SqliteRevocationStore s = SqliteRevocationStore.open(file)) {
      assertThat(s.revocation("cap-1")).contains(new SqliteRevocationStore.Revocation("cap-1", "key leaked", 100));
      assertThat(s.revocation("cap-2")).isEmpty();
    }
  }

  @Test
  void anyRevokedChecksEveryIdInTheChainIncludingLongChains() throws Exception {
    try (SqliteRevocationStore s = SqliteRevocationStore.open(dir.resolve("r.db"))) {
      List<String> chain = new ArrayList<>();
      for (int i = 0; i < 1200; i++) {
        chain.add("cap-" + i);
      }
      assertThat(s.anyRevoked(chain)).isFalse();
      assertThat(s.anyRevoked(List.of())).isFalse();
      s.revoke("cap-1100", "parent revoked", 1);
      assertThat(s.anyRevoked(chain)).isTrue();
      assertThat(s.anyRevoked(chain.subList(0, 1000))).isFalse();
    }
  }

  @Test
  void revocationsCannotBeDeleted() throws Exception {
    Path file = dir.resolve("r.db");
    try (SqliteRevocationStore s = SqliteRevocationStore.open(file)) {
      s.revoke("cap-1", "x", 1);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("DELETE FROM revocations")).hasMessageContaining("permanent");
    }
  }

  @Test
  void sharesAFileWithTheReceiptLog() throws Exception {
    Path file = dir.resolve("kernel.db");
    try (SqliteReceiptLog log = TestLogs.open(file);
        SqliteRevocationStore s = SqliteRevocationStore.open(file);
        SqliteBudgetStore b = SqliteBudgetStore.open(file)) {
      log.append(TestRecords.record("r1"));
      s.revoke("cap-9", "x", 1);
      assertThat(s.isRevoked("cap-9")).isTrue();
      assertThat(log.get("r1")).isPresent();
      assertThat(b.state(new io.chio.kernel.store.BudgetKey("cap-9", 0)).invocations()).isZero();
    }
  }
}
