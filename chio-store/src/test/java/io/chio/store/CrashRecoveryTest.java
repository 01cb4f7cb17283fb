package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL while eight threads append signed receipts, then checks that every
 * append it acknowledged is on disk and byte-identical, the whole log verifies, and the checkpoint
 * chain resumes: the first checkpoint after the restart names the last one before it.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  private static long countAcks(Path file) throws java.io.IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      return lines.filter(l -> l.startsWith("ack ")).count();
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void everyAcknowledgedAppendSurvivesSigkill() throws Exception {
    Path db = dir.resolve("crash.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path ackFile = dir.resolve("child.out");
    Process child =
        new ProcessBuilder(java, "-cp", cp, CrashChild.class.getName(), db.toString(), "8")
            .redirectOutput(ackFile.toFile())
            .redirectError(dir.resolve("child.err").toFile())
            .start();
    // Kill mid-load, once a few thousand appends were acknowledged.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (countAcks(ackFile) < 4000) {
      assertThat(child.isAlive()).as("child died early; see child.err").isTrue();
      assertThat(System.nanoTime()).as("child too slow").isLessThan(deadline);
      Thread.sleep(20);
    }
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
    child.waitFor();
    assertThat(child.exitValue()).isEqualTo(137);
    // Every complete line is an acknowledged append; a line cut by the kill is ignored.
    Map<Long, String> acked = new TreeMap<>();
    String text = Files.readString(ackFile, StandardCharsets.UTF_8);
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      if (line.startsWith("ack ")) {
        String[] parts = line.split(" ");
        acked.put(Long.parseLong(parts[1]), parts[2]);
      } else if (line.startsWith("fail ")) {
        throw new AssertionError("child append failed before the kill: " + line);
      }
    }
    assertThat(acked.size()).isGreaterThanOrEqualTo(4000);

    long checkpointedBeforeRestart;
    try (ReceiptLogReader reader = ReceiptLogReader.open(db)) {
      for (Map.Entry<Long, String> e : acked.entrySet()) {
        StoredReceipt r = reader.getBySeq(e.getKey()).orElseThrow(() -> new AssertionError("acked seq " + e.getKey() + " lost"));
        var expected = CrashChild.record(e.getValue());
        assertThat(r.receiptId()).isEqualTo(expected.receiptId());
        assertThat(r.canonicalJson()).isEqualTo(expected.canonicalJson());
      }
      long last = reader.lastSeq();
      assertThat(last).isGreaterThanOrEqualTo(acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow());
      assertThat(reader.count()).as("no gaps").isEqualTo(last);
      try (Connection c = Sqlite.openReadOnly(db)) {
        checkpointedBeforeRestart = Sqlite.queryLong(c, "SELECT MAX(batch_end_seq) FROM checkpoints", 0);
      }
      assertThat(checkpointedBeforeRestart).as("checkpoints were issued before the kill").isPositive();
      LogVerification v = LogVerifier.verify(reader, TestLogs.KERNEL.publicKey(), seq -> {});
      assertThat(v.problems()).isEmpty();
      assertThat(v.receipts()).isEqualTo(last);
    }

    // Restart: the checkpointer resumes from the stored frontier and extends the same chain.
    long lastCheckpointBefore;
    try (Connection c = Sqlite.openReadOnly(db)) {
      lastCheckpointBefore = Sqlite.queryLong(c, "SELECT MAX(checkpoint_seq) FROM checkpoints", 0);
    }
    long total;
    try (SqliteReceiptLog log = TestLogs.open(db)) {
      assertThat(log.checkpointedSeq()).isEqualTo(checkpointedBeforeRestart);
      long seq = log.append(CrashChild.record("after-restart"));
      total = seq;
      assertThat(log.awaitCheckpointed(seq, Duration.ofSeconds(30))).isTrue();
    }
    try (Connection c = Sqlite.openReadOnly(db);
        var ps = c.prepareStatement("SELECT statement_json FROM checkpoints WHERE checkpoint_seq = ?")) {
      ps.setLong(1, lastCheckpointBefore);
      byte[] before;
      try (var rs = ps.executeQuery()) {
        rs.next();
        before = rs.getBytes(1);
      }
      ps.setLong(1, lastCheckpointBefore + 1);
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).as("a new checkpoint after restart").isTrue();
        var body = io.chio.core.merkle.SignedCheckpoint.parse(rs.getBytes(1)).body();
        assertThat(body.previousCheckpointSha256())
            .contains(io.chio.core.merkle.SignedCheckpoint.parse(before).body().sha256Hex());
        assertThat(body.batchStartSeq()).isEqualTo(checkpointedBeforeRestart + 1);
      }
      assertThat(Sqlite.queryLong(c, "SELECT MAX(batch_end_seq) FROM checkpoints", 0)).isEqualTo(total);
    }
    try (ReceiptLogReader reader = ReceiptLogReader.open(db)) {
      LogVerification v = LogVerifier.verify(reader, TestLogs.KERNEL.publicKey(), seq -> {});
      assertThat(v.problems()).isEmpty();
      assertThat(v.uncheckpointed()).isZero();
    }
  }
}
