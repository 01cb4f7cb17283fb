package io.chio.lambda.sink;

import io.chio.kernel.store.ReceiptRecord;
import java.util.List;

/**
 * Durable storage for signed receipts outside the execution environment. {@link #write} returns
 * only when every receipt of the batch is stored; otherwise it throws and the caller keeps the
 * whole batch and retries it (sinks keyed by receipt id make a retry idempotent; a queue may see
 * a receipt twice, never zero times).
 */
public interface ReceiptSink extends AutoCloseable {
  /** The sink as written on the command line, e.g. {@code dynamodb:receipts}. */
  String describe();

  /** Largest batch one {@link #write} takes. */
  int maxBatch();

  void write(List<ReceiptRecord> batch) throws SinkException;

  /** Builds clients and opens connections ahead of the first write (off the request path). */
  default void warmUp() throws SinkException {}

  @Override
  void close();
}
