package io.chio.lambda.fakes;

import io.chio.kernel.store.ReceiptRecord;
import io.chio.lambda.sink.ReceiptSink;
import io.chio.lambda.sink.SinkException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps receipts in memory; {@link #failNext} makes the next writes fail. */
public final class MemorySink implements ReceiptSink {
  private final List<ReceiptRecord> stored = new ArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();
  private volatile boolean down;

  @Override
  public String describe() {
    return "memory:test";
  }

  @Override
  public int maxBatch() {
    return 25;
  }

  public void failNext(int n) {
    failNext.set(n);
  }

  public void down(boolean down) {
    this.down = down;
  }

  public int writes() {
    return writes.get();
  }

  @Override
  public void write(List<ReceiptRecord> batch) throws SinkException {
    writes.incrementAndGet();
    if (down || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new SinkException("memory sink is down");
    }
    synchronized (stored) {
      stored.addAll(batch);
    }
  }

  public List<ReceiptRecord> stored() {
    synchronized (stored) {
      return List.copyOf(stored);
    }
  }

  @Override
  public void close() {}
}
