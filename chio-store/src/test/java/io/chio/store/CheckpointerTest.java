package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.merkle.CheckpointBody;
import io.chio.core.merkle.CheckpointVerifier;
import io.chio.core.merkle.MerkleTree;
import io.chio.core.merkle.SignedCheckpoint;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint issuance, batching, chaining and resumption. */
class CheckpointerTest {
  @TempDir Path dir;

  private static List<SignedCheckpoint> checkpoints(Path file) throws StoreException {
    try (ReceiptLogReader r = ReceiptLogReader.open(file)) {
      return r.checkpoints(1, Long.MAX_VALUE);
    }
  }

  private static List<byte[]> leaves(Path file, long from, long to) throws StoreException {
    List<byte[]> out = new ArrayList<>();
    try (ReceiptLogReader r = ReceiptLogReader.open(file)) {
      r.scan(from, to, row -> out.add(row.canonicalJson()));
    }
    return out;
  }

  /** The chain verifies, batches tile the log from seq 1, and each root is its batch's root. */
  private static void assertChainCovers(Path file, List<SignedCheckpoint> chain, long lastSeq) throws StoreException {
    assertThat(CheckpointVerifier.trusting(TestLogs.KERNEL.publicKey()).verifyChain(chain).problems()).isEmpty();
    long next = 1;
    for (SignedCheckpoint c : chain) {
      CheckpointBody b = c.body();
      assertThat(b.batchStartSeq()).isEqualTo(next);
      assertThat(MerkleTree.of(leaves(file, b.batchStartSeq(), b.batchEndSeq())).root()).isEqualTo(b.merkleRoot());
      assertThat(b.issuedAt()).isEqualTo(TestLogs.NOW);
      next = b.batchEndSeq() + 1;
    }
    assertThat(next - 1).isEqualTo(lastSeq);
    assertThat(chain.get(0).body().previousCheckpointSha256()).isEmpty();
  }

  @Test
  void countTriggerCutsFullBatchesAndTheTimerTakesTheRest() throws Exception {
    Path file = dir.resolve("c.db");
    try (SqliteReceiptLog log = TestLogs.open(file, new ReceiptLogOptions(1024, 100, 50))) {
      for (int i = 0; i < 250; i++) {
        log.append(TestRecords.record("r" + i));
      }
      assertThat(log.awaitCheckpointed(250, Duration.ofSeconds(10))).isTrue();
      assertThat(log.checkpointError()).isEmpty();
    }
    List<SignedCheckpoint> chain = checkpoints(file);
    assertChainCovers(file, chain, 250);
    assertThat(chain).allSatisfy(c -> assertThat(c.body().treeSize()).isBetween(1L, 100L));
  }

  @Test
  void closeCheckpointsTheTailAndReopenResumesTheChain() throws Exception {
    Path file = dir.resolve("c.db");
    // A long interval and a big batch: only close() issues a checkpoint.
    ReceiptLogOptions lazy = new ReceiptLogOptions(1024, 1_000_000, 3_600_000);
    try (SqliteReceiptLog log = TestLogs.open(file, lazy)) {
      for (int i = 0; i < 7; i++) {
        log.append(TestRecords.record("a" + i));
      }
      assertThat(log.checkpointedSeq()).isZero();
    }
    assertThat(checkpoints(file)).hasSize(1);
    try (SqliteReceiptLog log = TestLogs.open(file, lazy)) {
      assertThat(log.checkpointedSeq()).isEqualTo(7);
      assertThat(log.checkpointSeq()).isEqualTo(1);
      for (int i = 0; i < 5; i++) {
        log.append(TestRecords.record("b" + i));
      }
    }
    List<SignedCheckpoint> chain = checkpoints(file);
    assertThat(chain).hasSize(2);
    assertChainCovers(file, chain, 12);
    assertThat(chain.get(1).body().previousCheckpointSha256()).contains(chain.get(0).body().sha256Hex());
  }

  @Test
  void openRefusesWhenStoredReceiptsNoLongerMatchTheHead() throws Exception {
    Path file = dir.resolve("c.db");
    try (SqliteReceiptLog log = TestLogs.open(file)) {
      log.append(TestRecords.record("x"));
      log.append(TestRecords.record("y"));
    }
    try (Connection c = Sqlite.openReadWrite(file)) {
      Sqlite.exec(c, "DROP TRIGGER receipts_no_update");
      Sqlite.exec(c, "UPDATE receipts SET canonical_json = CAST('{}' AS BLOB) WHERE seq = 2");
    }
    assertThatThrownBy(() -> TestLogs.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("receipts 1..2 no longer match checkpoint 1");
  }

  @Test
  void openRefusesToExtendAHeadWhoseSignatureFails() throws Exception {
    Path file = dir.resolve("c.db");
    try (SqliteReceiptLog log = TestLogs.open(file)) {
      log.append(TestRecords.record("x"));
    }
    Tamper.rewriteCheckpoint(file, 1, s -> s.replace("\"issued_at\":" + TestLogs.NOW, "\"issued_at\":" + (TestLogs.NOW + 1)));
    assertThatThrownBy(() -> TestLogs.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("checkpoint 1 signature does not verify");
  }

  @Test
  void openRefusesToExtendAnotherKernelsChain() throws Exception {
    Path file = dir.resolve("c.db");
    try (SqliteReceiptLog log = TestLogs.open(file)) {
      log.append(TestRecords.record("x"));
    }
    assertThatThrownBy(() -> SqliteReceiptLog.open(file, TestLogs.OTHER, ReceiptLogOptions.DEFAULTS))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("refusing to extend another kernel's chain");
  }
}
