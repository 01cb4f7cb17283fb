package io.chio.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.ReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.kernel.store.ReceiptRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load and scale measurements of the SQLite receipt log, run by {@code chio-bench/scripts/store-load.sh}.
 *
 * <ul>
 *   <li>{@code append DB SECONDS THREADS}: durable appends from THREADS threads for SECONDS;
 *       prints receipts/s, append latency percentiles, group-commit factor and checkpoint lag.
 *   <li>{@code fill DB COUNT}: appends COUNT real signed receipts (64 threads) for the scale tests.
 *   <li>{@code list DB}: first-page time of filtered {@code list} queries on a filled log.
 *   <li>{@code verify DB}: whole-log verification rate on a filled log.
 * </ul>
 *
 * The benchmark kernel key is derived from a fixed seed; it signs nothing outside these runs.
 */
public final class StoreLoad {
  static final Ed25519SigningKey KEY = Ed25519SigningKey.fromSeedHex("5e".repeat(32));
  private static final String[] SERVERS = {"srv-files", "srv-shell", "srv-web", "srv-db"};
  private static final String[] TOOLS = {"file_read", "file_write", "bash", "fetch", "query"};

  private StoreLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: StoreLoad append DB SECONDS THREADS | fill DB COUNT | list DB | verify DB");
      System.exit(2);
    }
    Path db = Path.of(args[1]);
    switch (args[0]) {
      case "append" -> append(db, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "fill" -> fill(db, Long.parseLong(args[2]));
      case "list" -> list(db);
      case "verify" -> verify(db);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** A realistic signed tool receipt; {@code n} varies every indexed column. */
  static ChioReceipt receipt(ReceiptSigner signer, long n) {
    ObjectNode params = Json.object().put("path", "/workspace/project/src/module-" + (n % 997) + "/file-" + n + ".md")
        .put("mode", "read");
    Decision d = n % 10 == 0 ? Decision.deny("path outside the allowed prefix", "forbidden-path") : Decision.allow();
    ReceiptDraft draft = ReceiptDraft.mediated(d)
        .timestamp(1_735_689_600L + n / 50)
        .capabilityId("cap-" + (n % 5000))
        .tool(SERVERS[(int) (n % SERVERS.length)], TOOLS[(int) (n % TOOLS.length)])
        .parameters(params)
        .toolOutput(Json.object().put("ok", true).put("bytes", n % 4096))
        .policyHash("a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778")
        .metadata(Json.object().put("cost_units", n % 100))
        .build();
    return signer.sign(draft);
  }

  static ReceiptRecord record(ChioReceipt r, long n) {
    return ReceiptRecords.of(r, "agent-" + (n % 5000), n % 100);
  }

  private static void append(Path db, int seconds, int threads) throws Exception {
    Files.deleteIfExists(db);
    // One real signed receipt per thread as a template; each append gets a unique id of the same
    // length, so rows have real size and shape while signing stays out of the measured loop.
    ReceiptSigner signer = new ReceiptSigner(KEY);
    int maxSeq = 16_000_000;
    long[] ackNanos = new long[maxSeq + 1];
    AtomicLong counter = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    try (SqliteReceiptLog log = SqliteReceiptLog.open(db, KEY, ReceiptLogOptions.DEFAULTS)) {
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      List<Long> lags = new ArrayList<>();
      Thread monitor = new Thread(() -> {
        long seen = 0;
        while (System.nanoTime() < end + 3_000_000_000L) {
          long cp = log.checkpointedSeq();
          long now = System.nanoTime();
          for (long s = seen + 1; s <= cp && s <= maxSeq; s++) {
            long ack = ackNanos[(int) s];
            lags.add(ack == 0 ? 0 : now - ack);
          }
          seen = Math.max(seen, cp);
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      monitor.start();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long[] lat = new long[Math.max(1_000_000, 16_000_000 / threads)];
        latencies.add(lat);
        ChioReceipt template = receipt(signer, t);
        String templateJson = new String(template.canonicalBytes(), StandardCharsets.UTF_8);
        Thread w = new Thread(() -> {
          int i = 0;
          try {
            while (System.nanoTime() < end && i < lat.length - 1) {
              long n = counter.incrementAndGet();
              String id = io.chio.core.crypto.Hex.encode(Sha256.digest(("load-" + n).getBytes(StandardCharsets.UTF_8)));
              byte[] bytes = templateJson.replace(template.id(), id).getBytes(StandardCharsets.UTF_8);
              ReceiptRecord r = new ReceiptRecord(bytes, id, "chio", template.timestamp(), template.capabilityId(),
                  "agent", template.toolServer(), template.toolName(), "allow", 1L);
              long t0 = System.nanoTime();
              long seq = log.append(r);
              long t1 = System.nanoTime();
              if (seq <= maxSeq) {
                ackNanos[(int) seq] = t1;
              }
              lat[++i] = t1 - t0;
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          lat[0] = i;
        });
        workers.add(w);
        w.start();
      }
      for (Thread w : workers) {
        w.join();
      }
      long elapsed = System.nanoTime() - start;
      monitor.join();
      long total = 0;
      List<Long> all = new ArrayList<>();
      for (long[] lat : latencies) {
        total += lat[0];
        for (int i = 1; i <= lat[0]; i++) {
          all.add(lat[i]);
        }
      }
      long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] lagSorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(Locale.ROOT, "append: %d threads, %.1f s, %d durable receipts, %.0f receipts/s%n",
          threads, elapsed / 1e9, total, total / (elapsed / 1e9));
      System.out.printf(Locale.ROOT, "append latency ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
          pct(sorted, 50), pct(sorted, 99), pct(sorted, 99.9), sorted[sorted.length - 1] / 1e6);
      System.out.printf(Locale.ROOT, "group commit: %d transactions, %.1f receipts per fsync%n",
          log.commitCount(), (double) total / log.commitCount());
      if (lagSorted.length > 0) {
        System.out.printf(Locale.ROOT, "checkpoint lag ms (ack -> in a stored checkpoint, %d receipts): p50 %.1f  p99 %.1f  max %.1f%n",
            lagSorted.length, pct(lagSorted, 50), pct(lagSorted, 99), lagSorted[lagSorted.length - 1] / 1e6);
      }
    }
    System.out.printf(Locale.ROOT, "db size: %.1f MB%n", Files.size(db) / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  private static void fill(Path db, long count) throws Exception {
    ReceiptSigner signer = new ReceiptSigner(KEY);
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    try (SqliteReceiptLog log = SqliteReceiptLog.open(db, KEY, ReceiptLogOptions.DEFAULTS)) {
      long base = log.reader().lastSeq();
      List<Thread> ts = new ArrayList<>();
      // Many appenders so group commit packs many receipts per fsync: the fill is setup, not a measurement.
      for (int t = 0; t < 64; t++) {
        Thread th = new Thread(() -> {
          try {
            long n;
            while ((n = next.getAndIncrement()) < count) {
              long k = base + n;
              log.append(record(receipt(signer, k), k));
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        ts.add(th);
        th.start();
      }
      for (Thread th : ts) {
        th.join();
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "fill: %d signed receipts in %.1f s (%.0f/s incl. signing), db %.1f MB%n",
        count, s, count / s, Files.size(db) / 1e6);
  }

  private static void list(Path db) throws Exception {
    List<ReceiptFilter> filters = List.of(
        ReceiptFilter.ALL,
        ReceiptFilter.builder().capabilityId("cap-4242").build(),
        ReceiptFilter.builder().toolServer("srv-web").toolName("fetch").build(),
        ReceiptFilter.builder().outcome("deny").build(),
        ReceiptFilter.builder().since(1_735_689_600L + 15_000).until(1_735_689_600L + 15_100).build(),
        ReceiptFilter.builder().minCost(98L).build(),
        ReceiptFilter.builder().capabilityId("cap-4242").outcome("deny").build(),
        ReceiptFilter.builder().outcome("deny").since(1_735_689_600L + 15_000).until(1_735_689_600L + 15_100).build(),
        ReceiptFilter.builder().capabilityId("cap-none").build(),
        ReceiptFilter.builder().since(1_735_689_600L).build(),
        ReceiptFilter.builder().since(1_735_689_600L + 19_000).build());
    List<String> names = List.of("no filter", "--capability", "--tool-server --tool-name", "--outcome deny",
        "--since/--until (100 s window)", "--min-cost 98", "--capability --outcome deny (no match)",
        "--outcome deny + 100 s window", "--capability (no match)", "--since (whole log)", "--since (last 5%)");
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      System.out.printf(Locale.ROOT, "list over %d receipts, first page of 50 (median of 5 runs, fresh connection each):%n", r.lastSeq());
    }
    for (int i = 0; i < filters.size(); i++) {
      double[] ms = new double[5];
      int rows = 0;
      for (int run = 0; run < ms.length; run++) {
        long t0 = System.nanoTime();
        try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
          rows = r.list(filters.get(i), 50, null).receipts().size();
        }
        ms[run] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "  %-40s %6.2f ms  (%d rows)%n", names.get(i), ms[2], rows);
    }
  }

  private static void verify(Path db) throws Exception {
    long t0 = System.nanoTime();
    LogVerification v;
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      v = LogVerifier.verify(r, KEY.publicKey(), p -> {});
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "verify: %s, %d receipts and %d checkpoints in %.1f s (%.0f receipts/s)%n",
        v.ok() ? "OK" : "BROKEN " + v.firstProblem().orElseThrow(), v.receipts(), v.checkpoints(), s, v.receipts() / s);
  }
}
