package io.chio.lambda.sink;

import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Receipts wait in a bounded in-memory buffer; one flusher thread writes them to the sink in
 * batches, retrying a failed batch with exponential backoff (and reporting each failure) until it
 * is stored. A full buffer makes {@code append} wait up to {@code maxWait} for room and then throw,
 * so the kernel denies: an acknowledged receipt is never discarded. {@link #drain} writes the rest
 * within the SHUTDOWN window.
 */
public final class BufferedSinkLog implements SinkLog {
  static final long MIN_BACKOFF_MS = 50;
  static final long MAX_BACKOFF_MS = 5_000;

  private final ReceiptSink sink;
  private final LinkedBlockingQueue<ReceiptRecord> queue;
  private final long maxWaitNanos;
  private final long flushIntervalMs;
  private final Object wake = new Object();
  private final Consumer<String> report;
  private final Thread flusher;
  private final Object drainLock = new Object();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  // Taken from the queue but not yet stored; only the flusher thread changes it while it runs.
  private final List<ReceiptRecord> inFlight = new ArrayList<>();
  private volatile List<ReceiptRecord> inFlightView = List.of();
  private volatile String lastError;
  private volatile boolean stopping;
  private volatile long deadlineNanos = Long.MAX_VALUE;

  /**
   * @param capacity receipts the buffer holds before {@code append} waits
   * @param maxWait how long {@code append} waits for room before refusing (the kernel then denies)
   * @param flushInterval how long receipts may wait before the flusher writes them (a full batch goes at once);
   *     in Lambda the environment is frozen between invocations, so this mainly bounds what SHUTDOWN has to flush
   * @param report one line per sink failure and recovery (stderr, i.e. CloudWatch, in Lambda)
   */
  public BufferedSinkLog(ReceiptSink sink, int capacity, Duration maxWait, Duration flushInterval, Consumer<String> report) {
    this.sink = Objects.requireNonNull(sink, "sink");
    if (capacity < 1) {
      throw new IllegalArgumentException("buffer capacity must be at least 1");
    }
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.maxWaitNanos = maxWait.toNanos();
    this.flushIntervalMs = Math.max(1, flushInterval.toMillis());
    this.report = Objects.requireNonNull(report, "report");
    this.flusher = new Thread(this::run, "chio-receipt-flusher");
    flusher.setDaemon(true);
    flusher.start();
  }

  @Override
  public long append(ReceiptRecord record) throws StoreException {
    Objects.requireNonNull(record, "record");
    if (stopping) {
      throw new StoreException("receipt buffer is draining for SHUTDOWN; no new receipts are accepted");
    }
    try {
      if (!queue.offer(record, maxWaitNanos, TimeUnit.NANOSECONDS)) {
        throw new StoreException("receipt buffer full (" + queue.remainingCapacity() + " free of " + capacityOf()
            + ") and the sink " + sink.describe() + " did not make room in time; denying rather than dropping a receipt");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for room in the receipt buffer");
    }
    if (queue.size() >= sink.maxBatch()) {
      synchronized (wake) {
        wake.notifyAll();
      }
    }
    return seq.incrementAndGet();
  }

  private int capacityOf() {
    return queue.size() + queue.remainingCapacity();
  }

  private void run() {
    long backoff = MIN_BACKOFF_MS;
    boolean failing = false;
    int max = Math.max(1, sink.maxBatch());
    while (true) {
      if (inFlight.isEmpty()) {
        if (!stopping && queue.size() < max) {
          try {
            synchronized (wake) {
              if (!stopping && queue.size() < max) {
                wake.wait(flushIntervalMs);
              }
            }
          } catch (InterruptedException e) {
            // Woken by drain(): go on with stopping set.
          }
        }
        queue.drainTo(inFlight, max);
        if (inFlight.isEmpty()) {
          if (stopping) {
            return;
          }
          continue;
        }
        inFlightView = List.copyOf(inFlight);
      }
      try {
        sink.write(inFlightView);
        written.addAndGet(inFlight.size());
        inFlight.clear();
        inFlightView = List.of();
        backoff = MIN_BACKOFF_MS;
        if (failing) {
          failing = false;
          report.accept("chio: receipt sink " + sink.describe() + " recovered; " + pending() + " receipts still buffered");
        }
      } catch (SinkException | RuntimeException e) {
        failures.incrementAndGet();
        lastError = e.getMessage();
        failing = true;
        report.accept("chio: receipt sink " + sink.describe() + " failed (" + pending() + " receipts buffered, retry in " + backoff
            + " ms): " + e.getMessage());
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (stopping && left <= 0) {
          return;
        }
        try {
          Thread.sleep(Math.max(1, Math.min(backoff, left)));
        } catch (InterruptedException ie) {
          // drain() wakes us to retry at once within its deadline.
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  private int pending() {
    return queue.size() + inFlightView.size();
  }

  @Override
  public List<ReceiptRecord> drain(long deadline) {
    synchronized (drainLock) {
      this.deadlineNanos = deadline;
      stopping = true;
      flusher.interrupt();
      long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        flusher.join(Math.max(1, waitMs + 50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // Anything not confirmed stored, including a batch whose sink call outlived the deadline.
      List<ReceiptRecord> left = new ArrayList<>(inFlightView);
      queue.drainTo(left);
      return left;
    }
  }

  @Override
  public ReceiptSink sink() {
    return sink;
  }

  @Override
  public String mode() {
    return "buffered";
  }

  @Override
  public SinkStatus status() {
    return new SinkStatus(sink.describe(), mode(), pending(), written.get(), failures.get(), lastError);
  }

  @Override
  public void close() {
    if (!stopping) {
      drain(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
    }
    sink.close();
  }
}
