package io.chio.kernel.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A {@link ReceiptLog} held in memory (tests, one-shot CLI checks). Sequence numbers start at 1. */
public final class InMemoryReceiptLog implements ReceiptLog {
  private final List<ReceiptRecord> records = new ArrayList<>();
  private boolean closed;

  @Override
  public synchronized long append(ReceiptRecord record) throws StoreException {
    Objects.requireNonNull(record, "record");
    if (closed) {
      throw new StoreException("receipt log is closed");
    }
    records.add(record);
    return records.size();
  }

  /** A snapshot of every record appended, in order. */
  public synchronized List<ReceiptRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
