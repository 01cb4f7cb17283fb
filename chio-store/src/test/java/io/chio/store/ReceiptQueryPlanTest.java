package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query plan {@link ReceiptLogReader#list} picks (equality index, small or large time
 * window, seq floor) returns exactly what a brute-force filter returns, page after page, on a log
 * whose timestamps are not monotonic in seq.
 */
class ReceiptQueryPlanTest {
  @TempDir static Path dir;
  static Path db;
  static final List<StoredReceipt> ALL = new ArrayList<>();
  static final long BASE = 1_700_000_000L;

  @BeforeAll
  static void fill() throws Exception {
    db = dir.resolve("plans.db");
    SplittableRandom rnd = new SplittableRandom(7);
    String[] outcomes = {"allow", "deny", "cancelled", "incomplete"};
    try (Connection c = Sqlite.openReadWrite(db)) {
      ReceiptSchema.create(c);
      Sqlite.exec(c, "BEGIN");
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO receipts (seq, receipt_id, kind, timestamp, capability_id, subject, tool_server, tool_name,"
              + " outcome, cost_units, canonical_json) VALUES (?, ?, 'chio', ?, ?, 's', ?, ?, ?, ?, ?)")) {
        for (long seq = 1; seq <= 30_000; seq++) {
          // Mostly increasing time, with stragglers from the past and the future.
          long ts = BASE + seq + (rnd.nextInt(50) == 0 ? rnd.nextInt(-20_000, 20_000) : 0);
          String cap = "cap-" + rnd.nextInt(300);
          String server = "srv-" + rnd.nextInt(3);
          String tool = "tool-" + rnd.nextInt(4);
          String outcome = outcomes[rnd.nextInt(outcomes.length)];
          Long cost = rnd.nextInt(5) == 0 ? null : (long) rnd.nextInt(100);
          byte[] json = ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
          ps.setLong(1, seq);
          ps.setString(2, "id-" + seq);
          ps.setLong(3, ts);
          ps.setString(4, cap);
          ps.setString(5, server);
          ps.setString(6, tool);
          ps.setString(7, outcome);
          ps.setObject(8, cost);
          ps.setBytes(9, json);
          ps.addBatch();
          ALL.add(new StoredReceipt(seq, "id-" + seq, "chio", ts, cap, "s", server, tool, outcome, cost, json));
        }
        ps.executeBatch();
      }
      Sqlite.exec(c, "COMMIT");
    }
  }

  private static Predicate<StoredReceipt> matches(ReceiptFilter f) {
    return r -> (f.capabilityId() == null || f.capabilityId().equals(r.capabilityId()))
        && (f.toolServer() == null || f.toolServer().equals(r.toolServer()))
        && (f.toolName() == null || f.toolName().equals(r.toolName()))
        && (f.outcome() == null || f.outcome().equals(r.outcome()))
        && (f.sinceEpochSeconds() == null || r.timestamp() >= f.sinceEpochSeconds())
        && (f.untilEpochSeconds() == null || r.timestamp() <= f.untilEpochSeconds())
        && (f.minCostUnits() == null || (r.costUnits() != null && r.costUnits() >= f.minCostUnits()))
        && (f.maxCostUnits() == null || (r.costUnits() != null && r.costUnits() <= f.maxCostUnits()));
  }

  private static void assertSameAsBruteForce(ReceiptFilter f, int pageSize) throws Exception {
    List<Long> expected = ALL.stream().filter(matches(f)).map(StoredReceipt::seq).toList();
    List<Long> got = new ArrayList<>();
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      String cursor = null;
      do {
        ReceiptPage page = r.list(f, pageSize, cursor);
        page.receipts().forEach(x -> got.add(x.seq()));
        cursor = page.nextCursor().orElse(null);
      } while (cursor != null);
    }
    assertThat(got).as(f.toString()).isEqualTo(expected);
  }

  @Test
  void equalityPlans() throws Exception {
    assertSameAsBruteForce(ReceiptFilter.builder().capabilityId("cap-17").build(), 7);
    assertSameAsBruteForce(ReceiptFilter.builder().toolServer("srv-1").toolName("tool-2").outcome("deny").build(), 500);
    assertSameAsBruteForce(ReceiptFilter.builder().toolName("tool-3").minCost(50L).build(), 999);
    assertSameAsBruteForce(ReceiptFilter.builder().outcome("incomplete").maxCost(10L).build(), 250);
  }

  @Test
  void smallTimeWindowsUseTheTimestampIndexAndStillComeOutInSeqOrder() throws Exception {
    assertSameAsBruteForce(ReceiptFilter.builder().since(BASE + 10_000).until(BASE + 12_000).build(), 100);
    assertSameAsBruteForce(ReceiptFilter.builder().since(BASE + 29_000).outcome("allow").build(), 33);
    assertSameAsBruteForce(ReceiptFilter.builder().until(BASE - 1).build(), 10);
  }

  @Test
  void largeTimeWindowsWalkSeqOrderFromAnExactFloor() throws Exception {
    assertSameAsBruteForce(ReceiptFilter.builder().since(BASE + 5_000).build(), 1000);
    assertSameAsBruteForce(ReceiptFilter.builder().since(BASE + 2_000).until(BASE + 28_000).outcome("deny").build(), 400);
    assertSameAsBruteForce(ReceiptFilter.builder().since(BASE).toolServer("srv-0").build(), 1000);
    assertSameAsBruteForce(ReceiptFilter.builder().until(BASE + 25_000).build(), 2000);
    assertSameAsBruteForce(ReceiptFilter.builder().since(BASE + 10_000).capabilityId("cap-3").build(), 5);
  }

  @Test
  void emptyWindows() throws Exception {
    assertSameAsBruteForce(ReceiptFilter.builder().since(BASE + 1_000_000).build(), 10);
    assertSameAsBruteForce(ReceiptFilter.builder().since(BASE + 100).until(BASE + 50).build(), 10);
  }
}
