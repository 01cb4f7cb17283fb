package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReceiptLogTest {
  @TempDir Path dir;

  private SqliteReceiptLog open() throws StoreException {
    return TestLogs.open(dir.resolve("receipts.db"));
  }

  @Test
  void appendReturnsGapFreeSeqFromOneAndStoresExactBytes() throws Exception {
    try (SqliteReceiptLog log = open()) {
      var a = TestRecords.record("r-a");
      assertThat(log.append(a)).isEqualTo(1);
      assertThat(log.append(TestRecords.record("r-b"))).isEqualTo(2);
      assertThat(log.append(TestRecords.record("r-c"))).isEqualTo(3);
      StoredReceipt got = log.get("r-a").orElseThrow();
      assertThat(got.seq()).isEqualTo(1);
      assertThat(got.canonicalJson()).isEqualTo(a.canonicalJson());
      assertThat(got.capabilityId()).isEqualTo("cap-1");
      assertThat(got.subject()).isEqualTo("agent-cap-1");
      assertThat(log.get("nope")).isEmpty();
    }
  }

  @Test
  void seqContinuesAfterReopen() throws Exception {
    try (SqliteReceiptLog log = open()) {
      log.append(TestRecords.record("r-1"));
      log.append(TestRecords.record("r-2"));
    }
    try (SqliteReceiptLog log = open()) {
      assertThat(log.append(TestRecords.record("r-3"))).isEqualTo(3);
    }
  }

  @Test
  void duplicateReceiptIdFailsOnlyThatAppendAndLeavesNoGap() throws Exception {
    try (SqliteReceiptLog log = open()) {
      log.append(TestRecords.record("dup"));
      assertThatThrownBy(() -> log.append(TestRecords.record("dup")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("dup")
          .hasMessageContaining("already in the log");
      assertThat(log.append(TestRecords.record("next"))).isEqualTo(2);
    }
  }

  @Test
  void concurrentAppendsAreGapFreeUniqueAndGroupCommitted() throws Exception {
    int threads = 8;
    int perThread = 250;
    Set<Long> seqs = ConcurrentHashMap.newKeySet();
    try (SqliteReceiptLog log = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            seqs.add(log.append(TestRecords.record("t" + tt + "-" + i)));
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      int total = threads * perThread;
      assertThat(seqs).hasSize(total);
      assertThat(seqs.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(1);
      assertThat(seqs.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(total);
      assertThat(log.reader().count()).isEqualTo(total);
      // Eight concurrent appenders must share transactions: far fewer commits than receipts.
      assertThat(log.commitCount()).isLessThan(total);
    }
  }

  @Test
  void readOnlyDatabaseMakesAppendThrowAndStoresNothing() throws Exception {
    Path file = dir.resolve("receipts.db");
    try (SqliteReceiptLog log = open()) {
      log.append(TestRecords.record("before"));
    }
    // query_only makes SQLite refuse every write on this connection with SQLITE_READONLY, the
    // same error a read-only file or a read-only remounted disk produces.
    try (SqliteReceiptLog log =
        TestLogs.open(file, c -> Sqlite.exec(c, "PRAGMA query_only = ON"))) {
      assertThatThrownBy(() -> log.append(TestRecords.record("after")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("nothing from this batch was stored");
      assertThat(log.reader().count()).isEqualTo(1);
      assertThat(log.get("after")).isEmpty();
    }
  }

  @Test
  void fullDiskMakesAppendThrowAndTheLogRecoversWhenSpaceReturns() throws Exception {
    Path file = dir.resolve("receipts.db");
    byte[] big = new byte[64 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    // max_page_count caps the file: SQLite then fails the write with SQLITE_FULL, exactly as it
    // does when the disk is full.
    try (SqliteReceiptLog log =
        TestLogs.open(file, c -> {
          long pages;
          try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            pages = rs.getLong(1);
          }
          Sqlite.exec(c, "PRAGMA max_page_count = " + (pages + 2));
        })) {
      StoreException failure = null;
      int stored = 0;
      for (int i = 0; i < 50 && failure == null; i++) {
        var r = new io.chio.kernel.store.ReceiptRecord(big, "big-" + i, "chio", 1, null, null, null, null, "allow", null);
        try {
          log.append(r);
          stored++;
        } catch (StoreException e) {
          failure = e;
        }
      }
      assertThat(failure).isNotNull();
      assertThat(failure.getMessage()).containsIgnoringCase("full");
      assertThat(log.reader().count()).isEqualTo(stored);
    }
    try (SqliteReceiptLog log = open()) {
      long seq = log.append(TestRecords.record("after-space-returned"));
      assertThat(seq).isEqualTo(log.reader().count());
    }
  }

  @Test
  void appendAfterCloseThrows() throws Exception {
    SqliteReceiptLog log = open();
    log.close();
    assertThatThrownBy(() -> log.append(TestRecords.record("late")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void rowsCannotBeUpdatedOrDeletedThroughSql() throws Exception {
    try (SqliteReceiptLog log = open()) {
      log.append(TestRecords.record("keep"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("receipts.db"));
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("DELETE FROM receipts"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> st.execute("UPDATE receipts SET outcome = 'deny'"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void openingAFileThatIsNotADatabaseFails() throws Exception {
    Path file = dir.resolve("junk.db");
    java.nio.file.Files.writeString(file, "this is not sqlite, just text long enough to have a header ".repeat(10));
    assertThatThrownBy(() -> TestLogs.open(file))
        .isInstanceOf(StoreException.class);
  }
}
