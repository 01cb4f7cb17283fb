package io.chio.protect;

import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The receipt log when no {@code --receipt-store} is given: receipts live in process memory. Keeps
 * the most recent {@code capacity} records (older ones drop off, sequence numbers keep counting) so
 * that a long-running proxy does not grow without bound.
 */
public final class InMemoryReceiptLog implements ReceiptLog {
  private final int capacity;
  private final ArrayDeque<ReceiptRecord> records = new ArrayDeque<>();
  private long seq;
  private boolean closed;

  public InMemoryReceiptLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized long append(ReceiptRecord record) throws StoreException {
    if (closed) {
      throw new StoreException("receipt log is closed");
    }
    if (records.size() == capacity) {
      records.removeFirst();
    }
    records.addLast(record);
    return ++seq;
  }

  /** The retained records, oldest first. */
  public synchronized List<ReceiptRecord> records() {
    return new ArrayList<>(records);
  }

  /** Number of receipts ever appended. */
  public synchronized long size() {
    return seq;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
