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
 * Kills a child JVM with SIGKILL while eight threads append, then checks that every append it
 * acknowledged is on disk and intact, the log has no gap, and the checkpoint chain resumes.
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
        assertThat(r.receiptId()).isEqualTo(e.getValue());
        assertThat(r.canonicalJson()).isEqualTo(CrashChild.record(e.getValue()).canonicalJson());
      }
      long last = reader.lastSeq();
      assertThat(last).isGreaterThanOrEqualTo(acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow());
      assertThat(reader.count()).as("no gaps").isEqualTo(last);
      try (Connection c = Sqlite.openReadOnly(db)) {
        checkpointedBeforeRestart = Sqlite.queryLong(c, "SELECT MAX(batch_end_seq) FROM checkpoints", 0);
      }
      assertThat(checkpointedBeforeRestart).as("checkpoints were issued before the kill").isPositive();
    }

    // Restart: the checkpointer resumes from the stored frontier and extends the same chain.
    long lastCheckpointBefore;
    try (Connection c = Sqlite.openReadOnly(db)) {
      lastCheckpointBefore = Sqlite.queryLong(c, "SELECT MAX(checkpoint_seq) FROM checkpoints", 0);
    }
    long total;
    try (SqliteReceiptLog log = FakeStatements.open(db)) {
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
        var body = io.chio.core.json.Json.parseObject(rs.getBytes(1), "statement").get("body");
        assertThat(body.get("previous_checkpoint_sha256").asText()).isEqualTo(FakeStatements.INSTANCE.bodySha256(before));
        assertThat(body.get("batch_start_seq").asLong()).isEqualTo(checkpointedBeforeRestart + 1);
      }
      assertThat(Sqlite.queryLong(c, "SELECT MAX(batch_end_seq) FROM checkpoints", 0)).isEqualTo(total);
    }
  }
}
