package io.chio.lambda.sink;

import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Each receipt is written to the sink before the kernel's verdict is returned; a sink failure is a deny. */
public final class SyncSinkLog implements SinkLog {
  private final ReceiptSink sink;
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastError;

  public SyncSinkLog(ReceiptSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public long append(ReceiptRecord record) throws StoreException {
    Objects.requireNonNull(record, "record");
    try {
      sink.write(List.of(record));
    } catch (SinkException | RuntimeException e) {
      failures.incrementAndGet();
      lastError = e.getMessage();
      throw new StoreException("receipt sink " + sink.describe() + " failed (sync mode denies): " + e.getMessage(), e);
    }
    written.incrementAndGet();
    return seq.incrementAndGet();
  }

  @Override
  public ReceiptSink sink() {
    return sink;
  }

  @Override
  public String mode() {
    return "sync";
  }

  @Override
  public SinkStatus status() {
    return new SinkStatus(sink.describe(), mode(), 0, written.get(), failures.get(), lastError);
  }

  @Override
  public List<ReceiptRecord> drain(long deadlineNanos) {
    return List.of();
  }

  @Override
  public void close() {
    sink.close();
  }
}
