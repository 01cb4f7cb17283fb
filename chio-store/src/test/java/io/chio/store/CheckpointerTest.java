package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.json.Json;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint issuance, batching, chaining and resumption, with stand-in statements. */
class CheckpointerTest {
  @TempDir Path dir;

  record Row(long seq, long start, long end, long treeSize, String root, byte[] statement) {}

  private List<Row> checkpoints(Path file) throws Exception {
    List<Row> out = new ArrayList<>();
    try (Connection c = Sqlite.openReadOnly(file);
        PreparedStatement ps = c.prepareStatement(
            "SELECT checkpoint_seq, batch_start_seq, batch_end_seq, tree_size, merkle_root, statement_json"
                + " FROM checkpoints ORDER BY checkpoint_seq");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getBytes(6)));
      }
    }
    return out;
  }

  private static List<byte[]> leaves(Path file, long upTo) throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (ReceiptLogReader r = ReceiptLogReader.open(file)) {
      r.scan(1, upTo, row -> out.add(row.canonicalJson()));
    }
    return out;
  }

  private static void assertChained(List<Row> rows) throws StoreException {
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertThat(r.seq()).isEqualTo(i + 1);
      var body = Json.parseObject(r.statement(), "statement").get("body");
      if (i == 0) {
        assertThat(r.start()).isEqualTo(1);
        assertThat(body.has("previous_checkpoint_sha256")).isFalse();
      } else {
        assertThat(r.start()).isEqualTo(rows.get(i - 1).end() + 1);
        assertThat(body.get("previous_checkpoint_sha256").asText())
            .isEqualTo(FakeStatements.INSTANCE.bodySha256(rows.get(i - 1).statement()));
      }
      assertThat(r.treeSize()).isEqualTo(r.end());
    }
  }

  @Test
  void countTriggerCutsFullBatchesAndTheTimerTakesTheRest() throws Exception {
    Path file = dir.resolve("c.db");
    try (SqliteReceiptLog log = FakeStatements.open(file, new ReceiptLogOptions(1024, 100, 50))) {
      for (int i = 0; i < 250; i++) {
        log.append(TestRecords.record("r" + i));
      }
      assertThat(log.awaitCheckpointed(250, Duration.ofSeconds(10))).isTrue();
      assertThat(log.checkpointError()).isEmpty();
    }
    List<Row> rows = checkpoints(file);
    assertChained(rows);
    assertThat(rows.get(rows.size() - 1).end()).isEqualTo(250);
    assertThat(rows).allSatisfy(r -> assertThat(r.end() - r.start() + 1).isBetween(1L, 100L));
    List<byte[]> all = leaves(file, 250);
    for (Row r : rows) {
      assertThat(r.root()).isEqualTo(MerkleHex.encode(MerkleStoreTest.mth(all.subList(0, (int) r.treeSize()))));
    }
  }

  @Test
  void closeCheckpointsTheTailAndReopenResumesTheChain() throws Exception {
    Path file = dir.resolve("c.db");
    // A long interval and a big batch: only close() issues the checkpoint.
    ReceiptLogOptions lazy = new ReceiptLogOptions(1024, 1_000_000, 3_600_000);
    try (SqliteReceiptLog log = FakeStatements.open(file, lazy)) {
      for (int i = 0; i < 7; i++) {
        log.append(TestRecords.record("a" + i));
      }
      assertThat(log.checkpointedSeq()).isZero();
    }
    assertThat(checkpoints(file)).hasSize(1);
    try (SqliteReceiptLog log = FakeStatements.open(file, lazy)) {
      assertThat(log.checkpointedSeq()).isEqualTo(7);
      for (int i = 0; i < 5; i++) {
        log.append(TestRecords.record("b" + i));
      }
    }
    List<Row> rows = checkpoints(file);
    assertThat(rows).hasSize(2);
    assertChained(rows);
    assertThat(rows.get(1).start()).isEqualTo(8);
    assertThat(rows.get(1).root()).isEqualTo(MerkleHex.encode(MerkleStoreTest.mth(leaves(file, 12))));
  }

  @Test
  void openRefusesWhenTheStoredTreeDisagreesWithTheLastCheckpoint() throws Exception {
    Path file = dir.resolve("c.db");
    try (SqliteReceiptLog log = FakeStatements.open(file)) {
      log.append(TestRecords.record("x"));
      log.append(TestRecords.record("y"));
    }
    try (Connection c = Sqlite.openReadWrite(file)) {
      Sqlite.exec(c, "DROP TRIGGER merkle_nodes_no_update");
      Sqlite.exec(c, "UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 0");
    }
    assertThatThrownBy(() -> FakeStatements.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("does not match checkpoint 1");
  }

  @Test
  void openRefusesToExtendACheckpointWhoseSignatureFails() throws Exception {
    Path file = dir.resolve("c.db");
    try (SqliteReceiptLog log = FakeStatements.open(file)) {
      log.append(TestRecords.record("x"));
    }
    try (Connection c = Sqlite.openReadWrite(file)) {
      Sqlite.exec(c, "DROP TRIGGER checkpoints_no_update");
      Sqlite.exec(c, "UPDATE checkpoints SET statement_json = CAST(replace(CAST(statement_json AS TEXT), '\"issued_at\":1800000000', '\"issued_at\":1800000001') AS BLOB)");
    }
    assertThatThrownBy(() -> FakeStatements.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("checkpoint 1 signature does not verify");
  }
}
