package io.chio.kernel.store;

/**
 * The append-only receipt log. When {@link #append} returns, the receipt is durable (on disk for
 * persistent implementations); if it throws, the kernel must not execute the call (fail closed).
 */
public interface ReceiptLog extends AutoCloseable {
  /** Appends and returns the receipt's sequence number (monotonic, gap-free, starting at 1). */
  long append(ReceiptRecord record) throws StoreException;

  @Override
  void close() throws StoreException;
}
