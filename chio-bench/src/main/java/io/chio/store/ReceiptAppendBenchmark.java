package io.chio.store;

import io.chio.core.crypto.Hex;
import io.chio.core.crypto.Sha256;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable appends to the SQLite receipt log (WAL, synchronous=FULL, group commit, checkpointer
 * running). Each op appends one receipt of real size and shape (a signed receipt whose id is
 * replaced by a unique one; the store does not verify on append) and returns once it is on disk.
 * One thread shows the per-fsync floor; eight show what group commit buys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ReceiptAppendBenchmark {
  private Path dir;
  private SqliteReceiptLog log;
  private String template;
  private String templateId;
  private ChioReceipt receipt;
  private final AtomicLong counter = new AtomicLong();

  @Setup(Level.Trial)
  public void open() throws IOException, StoreException {
    dir = Files.createTempDirectory("chio-append-bench");
    log = SqliteReceiptLog.open(dir.resolve("receipts.db"), StoreLoad.KEY, ReceiptLogOptions.DEFAULTS);
    receipt = StoreLoad.receipt(new ReceiptSigner(StoreLoad.KEY), 1);
    template = new String(receipt.canonicalBytes(), StandardCharsets.UTF_8);
    templateId = receipt.id();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException, StoreException {
    log.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private long appendOne() throws StoreException {
    String id = Hex.encode(Sha256.digest(("bench-" + counter.incrementAndGet()).getBytes(StandardCharsets.UTF_8)));
    byte[] bytes = template.replace(templateId, id).getBytes(StandardCharsets.UTF_8);
    return log.append(new ReceiptRecord(bytes, id, "chio", receipt.timestamp(), receipt.capabilityId(), "agent",
        receipt.toolServer(), receipt.toolName(), "allow", 1L));
  }

  @Benchmark
  @Threads(1)
  public long append1Thread() throws StoreException {
    return appendOne();
  }

  @Benchmark
  @Threads(8)
  public long append8Threads() throws StoreException {
    return appendOne();
  }
}
