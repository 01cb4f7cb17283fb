package io.chio.store;

import io.chio.kernel.store.ReceiptRecord;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link CrashRecoveryTest}: appends receipts from several threads until it is
 * killed, printing {@code ack <seq> <tag>} for each append only after it returned (is durable).
 * Args: db file, thread count.
 */
public final class CrashChild {
  private CrashChild() {}

  /** The receipt a thread appends for {@code tag}; the parent regenerates it to compare bytes. */
  static ReceiptRecord record(String tag) {
    return TestLogs.signed(tag);
  }

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
    SqliteReceiptLog log = TestLogs.open(db, new ReceiptLogOptions(1024, 256, 20));
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
