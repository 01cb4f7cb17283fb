package io.chio.lambda.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import io.chio.lambda.fakes.MemorySink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SinkLogTest {
  static ReceiptRecord record(int i) {
    return new ReceiptRecord(("{\"id\":\"r" + i + "\"}").getBytes(StandardCharsets.UTF_8), "r" + i, "chio", 1, null, null, "s", "t", "allow",
        null);
  }

  static long in(long ms) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
  }

  @Test
  void aFullBufferRefusesAfterWaitingAndNeverDropsWhatItAcknowledged() throws Exception {
    MemorySink sink = new MemorySink();
    sink.down(true);
    List<String> reports = new CopyOnWriteArrayList<>();
    BufferedSinkLog log = new BufferedSinkLog(sink, 3, Duration.ofMillis(50), Duration.ofMillis(10), reports::add);
    // The flusher takes a batch (in flight, not stored); the queue holds 3 more.
    int acknowledged = 0;
    for (int i = 0; i < 10; i++) {
      try {
        log.append(record(i));
        acknowledged++;
      } catch (StoreException e) {
        assertThat(e.getMessage()).contains("buffer full").contains("denying rather than dropping");
      }
    }
    assertThat(acknowledged).isBetween(3, 6);
    assertThat(reports).anyMatch(l -> l.contains("failed") && l.contains("retry in"));
    sink.down(false);
    List<ReceiptRecord> left = log.drain(in(2000));
    assertThat(left).isEmpty();
    assertThat(sink.stored()).hasSize(acknowledged);
    assertThat(reports).anyMatch(l -> l.contains("recovered"));
    assertThatThrownBy(() -> log.append(record(99))).isInstanceOf(StoreException.class).hasMessageContaining("draining");
  }

  @Test
  void aSinkThatStaysDownHandsBackEveryReceiptAtTheDeadline() throws Exception {
    MemorySink sink = new MemorySink();
    sink.down(true);
    BufferedSinkLog log = new BufferedSinkLog(sink, 100, Duration.ofMillis(10), Duration.ofMillis(600_000), l -> {});
    for (int i = 0; i < 40; i++) {
      log.append(record(i));
    }
    long t0 = System.nanoTime();
    List<ReceiptRecord> left = log.drain(in(300));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1500);
    assertThat(left).extracting(ReceiptRecord::receiptId).hasSize(40).doesNotHaveDuplicates();
    assertThat(sink.writes()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void retriesWithBackoffUntilTheSinkRecovers() throws Exception {
    MemorySink sink = new MemorySink();
    sink.failNext(3);
    List<String> reports = new CopyOnWriteArrayList<>();
    BufferedSinkLog log = new BufferedSinkLog(sink, 100, Duration.ofMillis(10), Duration.ofMillis(5), reports::add);
    for (int i = 0; i < 30; i++) {
      log.append(record(i));
    }
    long deadline = System.currentTimeMillis() + 5000;
    while (sink.stored().size() < 30 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sink.stored()).extracting(ReceiptRecord::receiptId).hasSize(30).doesNotHaveDuplicates();
    assertThat(reports.stream().filter(l -> l.contains("failed"))).hasSize(3);
    assertThat(log.status().failures()).isEqualTo(3);
    assertThat(log.drain(in(500))).isEmpty();
  }

  @Test
  void syncModeRefusesWhenTheSinkIsDown() throws Exception {
    MemorySink sink = new MemorySink();
    SyncSinkLog log = new SyncSinkLog(sink);
    log.append(record(1));
    sink.down(true);
    assertThatThrownBy(() -> log.append(record(2))).isInstanceOf(StoreException.class).hasMessageContaining("sync mode denies");
    assertThat(sink.stored()).hasSize(1);
    assertThat(log.status().failures()).isEqualTo(1);
  }
}
