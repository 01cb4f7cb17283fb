package io.chio.lambda.sink;

import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import java.util.List;

/**
 * The kernel's receipt log, backed by a {@link ReceiptSink}: synchronously (a receipt is in the
 * sink before {@code append} returns) or buffered (in memory until flushed, at the latest on
 * SHUTDOWN). In both, {@code append} throws rather than lose a receipt, and the kernel then denies.
 */
public sealed interface SinkLog extends ReceiptLog permits SyncSinkLog, BufferedSinkLog {
  ReceiptSink sink();

  /** {@code sync} or {@code buffered}. */
  String mode();

  SinkStatus status();

  /**
   * Writes everything outstanding, retrying until {@code deadlineNanos} ({@link System#nanoTime}
   * scale), and returns the receipts that could not be written (empty when all are stored).
   */
  List<ReceiptRecord> drain(long deadlineNanos);

  /** Closes the sink; a buffered log drains first (2 s at most) if {@link #drain} was not called. */
  @Override
  void close();

  /** Snapshot for {@code GET /health}. */
  record SinkStatus(String sink, String mode, int pending, long written, long failures, String lastError) {}
}
