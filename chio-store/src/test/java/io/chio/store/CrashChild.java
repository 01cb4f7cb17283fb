package io.chio.store;

import io.chio.kernel.store.ReceiptRecord;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link CrashRecoveryTest}: appends receipts from several threads until it is
 * killed, printing {@code ack <seq> <id>} for each append only after it returned (is durable).
 * Args: db file, thread count.
 */
public final class CrashChild {
  private CrashChild() {}

  static ReceiptRecord record(String id) {
    return TestRecords.record(id, 1_700_000_000L, "cap-crash", "srv", "tool", "allow", 1L);
  }

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
    SqliteReceiptLog log = FakeStatements.open(db, new ReceiptLogOptions(1024, 256, 20));
    for (int t = 0; t < threads; t++) {
      int tt = t;
      Thread th = new Thread(() -> {
        for (int i = 0; ; i++) {
          String id = "t" + tt + "-" + i;
          try {
            long seq = log.append(record(id));
            synchronized (out) {
              out.println("ack " + seq + " " + id);
            }
          } catch (Exception e) {
            synchronized (out) {
              out.println("fail " + id + " " + e.getMessage());
            }
          }
        }
      });
      th.start();
    }
    synchronized (out) {
      out.println("started");
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
