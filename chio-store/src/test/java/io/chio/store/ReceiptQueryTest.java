package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptQueryTest {
  @TempDir Path dir;
  private ReceiptLogReader reader;

  @BeforeEach
  void fill() throws Exception {
    Path file = dir.resolve("q.db");
    try (SqliteReceiptLog log = TestLogs.open(file)) {
      // seq: id, ts, cap, server, tool, outcome, cost
      log.append(TestRecords.record("r1", 100, "cap-A", "shell", "bash", "allow", 5L));
      log.append(TestRecords.record("r2", 200, "cap-B", "files", "read", "deny", null));
      log.append(TestRecords.record("r3", 300, "cap-A", "shell", "ls", "allow", 50L));
      log.append(TestRecords.record("r4", 400, "cap-A", "files", "read", "cancelled", 0L));
      log.append(TestRecords.record("r5", 500, "cap-C", "shell", "bash", "incomplete", 500L));
      log.append(TestRecords.record("r6", 600, "cap-A", "shell", "bash", "allow", 7L));
    }
    reader = ReceiptLogReader.open(file);
  }

  private List<String> ids(ReceiptFilter f) throws StoreException {
    List<String> out = new ArrayList<>();
    for (StoredReceipt r : reader.list(f, 100, null).receipts()) {
      out.add(r.receiptId());
    }
    return out;
  }

  @AfterEach
  void closeReader() {
    reader.close();
  }

  @Test
  void noFilterReturnsAllOldestFirst() throws Exception {
    assertThat(ids(ReceiptFilter.ALL)).containsExactly("r1", "r2", "r3", "r4", "r5", "r6");
  }

  @Test
  void capabilityFilter() throws Exception {
    assertThat(ids(ReceiptFilter.builder().capabilityId("cap-A").build())).containsExactly("r1", "r3", "r4", "r6");
  }

  @Test
  void toolServerAndToolNameFilters() throws Exception {
    assertThat(ids(ReceiptFilter.builder().toolServer("files").build())).containsExactly("r2", "r4");
    assertThat(ids(ReceiptFilter.builder().toolName("bash").build())).containsExactly("r1", "r5", "r6");
    assertThat(ids(ReceiptFilter.builder().toolServer("shell").toolName("ls").build())).containsExactly("r3");
  }

  @Test
  void outcomeFilter() throws Exception {
    assertThat(ids(ReceiptFilter.builder().outcome("allow").build())).containsExactly("r1", "r3", "r6");
    assertThat(ids(ReceiptFilter.builder().outcome("deny").build())).containsExactly("r2");
  }

  @Test
  void timeBoundsAreInclusive() throws Exception {
    assertThat(ids(ReceiptFilter.builder().since(200L).until(400L).build())).containsExactly("r2", "r3", "r4");
  }

  @Test
  void costBoundsAreInclusiveAndSkipUncostedReceipts() throws Exception {
    assertThat(ids(ReceiptFilter.builder().minCost(5L).maxCost(50L).build())).containsExactly("r1", "r3", "r6");
    assertThat(ids(ReceiptFilter.builder().maxCost(0L).build())).containsExactly("r4");
  }

  @Test
  void filtersCombineWithAnd() throws Exception {
    assertThat(ids(ReceiptFilter.builder().capabilityId("cap-A").toolServer("shell").outcome("allow").minCost(6L).build()))
        .containsExactly("r3", "r6");
  }

  @Test
  void cursorPagesThroughEverythingExactlyOnce() throws Exception {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ReceiptPage page = reader.list(ReceiptFilter.builder().capabilityId("cap-A").build(), 3, cursor);
      page.receipts().forEach(r -> seen.add(r.receiptId()));
      cursor = page.nextCursor().orElse(null);
      pages++;
    } while (cursor != null);
    assertThat(seen).containsExactly("r1", "r3", "r4", "r6");
    assertThat(pages).isEqualTo(2);
  }

  @Test
  void exactlyFullLastPageHasNoCursor() throws Exception {
    ReceiptPage page = reader.list(ReceiptFilter.ALL, 6, null);
    assertThat(page.receipts()).hasSize(6);
    assertThat(page.nextCursor()).isEqualTo(Optional.empty());
  }

  @Test
  void newReceiptsAppearAfterTheLastCursor() throws Exception {
    ReceiptPage first = reader.list(ReceiptFilter.ALL, 5, null);
    String cursor = first.nextCursor().orElseThrow();
    try (SqliteReceiptLog log = TestLogs.open(dir.resolve("q.db"))) {
      log.append(TestRecords.record("r7"));
    }
    assertThat(reader.list(ReceiptFilter.ALL, 5, cursor).receipts())
        .extracting(StoredReceipt::receiptId)
        .containsExactly("r6", "r7");
  }

  @Test
  void hostileCursorsAndLimitsAreRejected() {
    for (String bad : List.of("", "!!!", "YWZ0ZXI6", "YWZ0ZXI6LTE", "eyJzZXEiOjF9", "x".repeat(300))) {
      assertThatThrownBy(() -> reader.list(ReceiptFilter.ALL, 10, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid cursor");
    }
    assertThatThrownBy(() -> reader.list(ReceiptFilter.ALL, 0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader.list(ReceiptFilter.ALL, ReceiptLogReader.MAX_LIMIT + 1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void filterValidation() {
    assertThatThrownBy(() -> ReceiptFilter.builder().outcome("maybe").build())
        .hasMessageContaining("outcome must be one of");
    assertThatThrownBy(() -> ReceiptFilter.builder().minCost(-1L).build()).hasMessageContaining("min cost");
  }

  @Test
  void timeParsingAcceptsUnixAndIso() {
    assertThat(ReceiptFilter.parseTime("1735689600")).isEqualTo(1735689600L);
    assertThat(ReceiptFilter.parseTime("2025-01-01T00:00:00Z")).isEqualTo(1735689600L);
    assertThat(ReceiptFilter.parseTime("2025-01-01T02:00:00+02:00")).isEqualTo(1735689600L);
    assertThat(ReceiptFilter.parseTime("2025-01-01")).isEqualTo(1735689600L);
    assertThat(ReceiptFilter.parseTime("2025-01-01T00:00:00.5Z")).isEqualTo(1735689600L);
    for (String bad : List.of("yesterday", "2025-13-01", "-5", "2025-01-01T00:00:00", "1e9")) {
      assertThatThrownBy(() -> ReceiptFilter.parseTime(bad)).as(bad).hasMessageContaining("ISO-8601");
    }
  }

  @Test
  void readerCannotWrite() throws Exception {
    assertThatThrownBy(() -> Sqlite.exec(reader.connection(), "INSERT INTO receipts (seq, receipt_id, kind, timestamp, canonical_json) VALUES (99, 'x', 'chio', 1, x'00')"))
        .hasMessageContaining("readonly");
  }

  @Test
  void readerOnMissingFileFails() {
    assertThatThrownBy(() -> ReceiptLogReader.open(dir.resolve("missing.db")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("does not exist");
  }
}
