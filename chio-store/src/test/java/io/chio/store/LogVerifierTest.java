package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-log verification on a good log and on each kind of damage: it names exactly what broke. */
class LogVerifierTest {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void fill() throws Exception {
    db = dir.resolve("v.db");
    try (SqliteReceiptLog log = TestLogs.open(db, new ReceiptLogOptions(1024, 40, 3_600_000))) {
      for (int i = 1; i <= 200; i++) {
        assertThat(log.append(TestLogs.signed("v" + i))).isEqualTo(i);
      }
    } // close checkpoints the tail: checkpoints 1..5 of 40 receipts
  }

  private LogVerification verify() throws Exception {
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      return LogVerifier.verify(r, TestLogs.KERNEL.publicKey(), seq -> {});
    }
  }

  private LogProblem first() throws Exception {
    LogVerification v = verify();
    assertThat(v.ok()).isFalse();
    return v.firstProblem().orElseThrow();
  }

  @Test
  void intactLogVerifies() throws Exception {
    List<Long> progress = new ArrayList<>();
    LogVerification v;
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      v = LogVerifier.verify(r, TestLogs.KERNEL.publicKey(), progress::add);
    }
    assertThat(v.problems()).isEmpty();
    assertThat(v.ok()).isTrue();
    assertThat(v.receipts()).isEqualTo(200);
    assertThat(v.checkpoints()).isEqualTo(5);
    assertThat(v.uncheckpointed()).isZero();
    assertThat(progress).last().isEqualTo(200L);
  }

  @Test
  void flippedByteInAStoredReceiptIsReportedAtItsSeq() throws Exception {
    Tamper.flipReceiptByte(db, 57, 200);
    LogProblem p = first();
    assertThat(p.kind()).isEqualTo(LogProblem.Kind.RECEIPT_INVALID);
    assertThat(p.receiptSeq()).isEqualTo(57);
    assertThat(p.message()).startsWith("receipt seq 57: ");
    // The batch holding it no longer has its signed root.
    assertThat(verify().problems()).anySatisfy(q -> {
      assertThat(q.kind()).isEqualTo(LogProblem.Kind.CHECKPOINT_ROOT_MISMATCH);
      assertThat(q.checkpointSeq()).isEqualTo(2);
    });
  }

  @Test
  void everyFlippedByteOfAReceiptIsCaughtAtThatSeq() throws Exception {
    byte[] original;
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      original = r.getBySeq(3).orElseThrow().canonicalJson();
    }
    for (int offset = 0; offset < original.length; offset += 9) {
      Tamper.flipReceiptByte(db, 3, offset);
      LogProblem p = first();
      assertThat(p.receiptSeq()).as("offset %d", offset).isEqualTo(3);
      assertThat(p.kind()).as("offset %d", offset)
          .isIn(LogProblem.Kind.RECEIPT_INVALID, LogProblem.Kind.RECEIPT_INDEX_MISMATCH);
      Tamper.flipReceiptByte(db, 3, offset); // restore
    }
    assertThat(verify().ok()).isTrue();
  }

  @Test
  void checkpointWhoseSignatureFailsIsNamed() throws Exception {
    Tamper.rewriteCheckpoint(db, 2, s -> s.replace("\"issued_at\":" + TestLogs.NOW, "\"issued_at\":" + (TestLogs.NOW - 1)));
    LogProblem p = first();
    assertThat(p.kind()).isEqualTo(LogProblem.Kind.CHECKPOINT_INVALID);
    assertThat(p.checkpointSeq()).isEqualTo(2);
    assertThat(p.message()).contains("checkpoint 2").contains("signature does not verify");
    // Checkpoint 3 names the digest of the original body, so the altered one also breaks the link.
    assertThat(verify().problems()).anySatisfy(q -> assertThat(q.message()).contains("checkpoint 3: previous_checkpoint_sha256"));
  }

  @Test
  void gapInSeqIsReportedAtTheMissingSeq() throws Exception {
    Tamper.sql(db, "DELETE FROM receipts WHERE seq = 100");
    LogProblem p = first();
    assertThat(p.kind()).isEqualTo(LogProblem.Kind.RECEIPT_MISSING);
    assertThat(p.receiptSeq()).isEqualTo(100);
    assertThat(p.message()).isEqualTo("receipt seq 100: missing (next stored is seq 101)");
  }

  @Test
  void severalMissingSeqsAreOneProblemWithTheirRange() throws Exception {
    Tamper.sql(db, "DELETE FROM receipts WHERE seq BETWEEN 10 AND 12");
    assertThat(first().message()).isEqualTo("receipt seq 10: missing, through seq 12 (next stored is seq 13)");
  }

  @Test
  void droppedTailThatWasCheckpointedIsCaught() throws Exception {
    Tamper.sql(db, "DELETE FROM receipts WHERE seq >= 195");
    LogProblem p = first();
    assertThat(p.kind()).isEqualTo(LogProblem.Kind.RECEIPT_MISSING);
    assertThat(p.message()).isEqualTo("receipt seq 195: missing, through seq 200 (checkpoint 5 covers up to seq 200)");
  }

  @Test
  void deletedCheckpointIsNamed() throws Exception {
    Tamper.sql(db, "DELETE FROM checkpoints WHERE checkpoint_seq = 3");
    LogProblem p = first();
    assertThat(p.kind()).isEqualTo(LogProblem.Kind.CHECKPOINT_MISSING);
    assertThat(p.message()).isEqualTo("checkpoint 3 missing (next stored is checkpoint 4)");
  }

  @Test
  void rewrittenQueryColumnIsCaught() throws Exception {
    Tamper.sql(db, "UPDATE receipts SET outcome = 'allow', capability_id = 'cap-other' WHERE seq = 5");
    LogProblem p = first();
    assertThat(p.kind()).isEqualTo(LogProblem.Kind.RECEIPT_INDEX_MISMATCH);
    assertThat(p.message()).contains("receipt seq 5").contains("capability_id");
  }

  @Test
  void swappedReceiptsBreakTheirBatchRoot() throws Exception {
    Tamper.sql(db,
        "UPDATE receipts SET seq = -1 WHERE seq = 41",
        "UPDATE receipts SET seq = 41 WHERE seq = 42",
        "UPDATE receipts SET seq = 42 WHERE seq = -1");
    LogVerification v = verify();
    assertThat(v.problems()).extracting(LogProblem::kind).containsOnly(LogProblem.Kind.CHECKPOINT_ROOT_MISMATCH);
    assertThat(v.firstProblem().orElseThrow().checkpointSeq()).isEqualTo(2);
  }

  @Test
  void anotherKernelsKeyTrustsNothing() throws Exception {
    LogVerification v;
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      v = LogVerifier.verify(r, TestLogs.OTHER.publicKey(), seq -> {});
    }
    assertThat(v.firstProblem().orElseThrow().message()).startsWith("receipt seq 1: ").contains("not a trusted kernel key");
    assertThat(v.problems()).hasSize(LogVerifier.MAX_PROBLEMS);
  }

  @Test
  void uncheckpointedTailIsCountedNotFailed() throws Exception {
    try (SqliteReceiptLog log = TestLogs.open(db, new ReceiptLogOptions(1024, 1_000_000, 3_600_000))) {
      log.append(TestLogs.signed("tail-1"));
      log.append(TestLogs.signed("tail-2"));
      try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
        LogVerification v = LogVerifier.verify(r, TestLogs.KERNEL.publicKey(), seq -> {});
        assertThat(v.ok()).isTrue();
        assertThat(v.uncheckpointed()).isEqualTo(2);
      }
    }
  }

  @Test
  void checkpointStatementThatDoesNotParseIsNamed() throws Exception {
    Tamper.rewriteCheckpoint(db, 4, s -> s.replace("\"schema\":\"chio.checkpoint_statement.v1\"", "\"schema\":\"v0\""));
    LogProblem p = first();
    assertThat(p.kind()).isEqualTo(LogProblem.Kind.CHECKPOINT_INVALID);
    assertThat(p.message()).contains("checkpoint 4").contains("not a valid");
  }
}
