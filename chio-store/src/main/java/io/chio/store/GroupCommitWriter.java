package io.chio.store;

import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The log's single writer thread. Appenders enqueue and block; the writer drains everything
 * queued (up to {@code maxBatch}) into one {@code BEGIN IMMEDIATE} ... {@code COMMIT}, so under
 * load one fsync covers many receipts, and completes each caller's future only after COMMIT
 * returned. With no load a batch is a single receipt: there is no waiting for company.
 *
 * <p>The checkpointer's writes come through the same queue, so they never fight the receipt
 * writer for SQLite's write lock (a lock waiter backs off by sleeping, and would fall behind).
 */
final class GroupCommitWriter implements Runnable {
  private static final String INSERT =
      "INSERT INTO receipts (seq, receipt_id, kind, timestamp, capability_id, subject, tool_server, tool_name,"
          + " outcome, cost_units, canonical_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** One queued write: a receipt append, other work, or (both null) the shutdown marker. */
  record Pending(ReceiptRecord record, Sqlite.Work<Long> work, CompletableFuture<Long> result) {
    static Pending append(ReceiptRecord record, CompletableFuture<Long> result) {
      return new Pending(record, null, result);
    }

    static Pending work(Sqlite.Work<Long> work, CompletableFuture<Long> result) {
      return new Pending(null, work, result);
    }

    /** Completes once everything queued before it is committed; touches nothing itself. */
    static Pending barrier(CompletableFuture<Long> result) {
      return new Pending(null, BARRIER, result);
    }

    static Pending stop() {
      return new Pending(null, null, null);
    }

    boolean isStop() {
      return record == null && work == null;
    }
  }

  private static final Sqlite.Work<Long> BARRIER = c -> 0L;

  private final Connection conn;
  private final int maxBatch;
  private final LongConsumer onCommitted;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicLong commits = new AtomicLong();

  GroupCommitWriter(Connection conn, int maxBatch, LongConsumer onCommitted) {
    this.conn = conn;
    this.maxBatch = maxBatch;
    this.onCommitted = onCommitted;
  }

  void enqueue(Pending p) {
    queue.add(p);
  }

  /** Transactions committed so far (for measuring the batching factor). */
  long commits() {
    return commits.get();
  }

  @Override
  public void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    boolean stopping = false;
    while (!stopping) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        // Only close() stops the writer; an interrupt from elsewhere is ignored.
        continue;
      }
      queue.drainTo(batch, maxBatch - 1);
      int end = batch.size();
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i).isStop()) {
          // Everything enqueued before the marker is written; nothing can be enqueued after it.
          stopping = true;
          end = i;
          break;
        }
      }
      if (end > 0) {
        writeBatch(batch.subList(0, end));
      }
    }
  }

  private void writeBatch(List<Pending> batch) {
    if (batch.stream().allMatch(p -> p.work() == BARRIER)) {
      batch.forEach(p -> p.result().complete(0L)); // nothing to write, no transaction to fail
      return;
    }
    List<Long> results = new ArrayList<>(batch.size());
    List<StoreException> errors = new ArrayList<>(batch.size());
    long[] lastSeq = {0};
    try {
      Sqlite.immediate(
          conn,
          c -> {
            long next = Sqlite.queryLong(c, "SELECT MAX(seq) FROM receipts", 0) + 1;
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
              for (Pending p : batch) {
                try {
                  if (p.work() != null) {
                    results.add(p.work().run(c));
                    errors.add(null);
                    continue;
                  }
                  bind(ps, next, p.record());
                  ps.executeUpdate();
                  results.add(next);
                  errors.add(null);
                  lastSeq[0] = next;
                  next++;
                } catch (SQLException e) {
                  if (!Sqlite.isConstraintViolation(e)) {
                    throw e;
                  }
                  // SQLite aborted only this statement; the rest of the batch goes on.
                  results.add(null);
                  errors.add(new StoreException(p.record() != null
                      ? "receipt " + p.record().receiptId() + " is already in the log"
                      : "write refused: " + e.getMessage()));
                }
              }
            }
            return null;
          });
    } catch (SQLException | StoreException | RuntimeException e) {
      StoreException failure =
          e instanceof StoreException se
              ? se
              : new StoreException("receipt log write failed, nothing from this batch was stored: " + e.getMessage(), e);
      for (Pending p : batch) {
        p.result().completeExceptionally(failure);
      }
      return;
    }
    commits.incrementAndGet();
    int stored = 0;
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      if (results.get(i) == null) {
        p.result().completeExceptionally(errors.get(i));
        continue;
      }
      if (p.record() != null) {
        stored++;
      }
      p.result().complete(results.get(i));
    }
    if (stored > 0) {
      onCommitted.accept(lastSeq[0]);
    }
  }

  private static void bind(PreparedStatement ps, long seq, ReceiptRecord r) throws SQLException {
    ps.setLong(1, seq);
    ps.setString(2, r.receiptId());
    ps.setString(3, r.kind());
    ps.setLong(4, r.timestamp());
    ps.setString(5, r.capabilityId());
    ps.setString(6, r.subject());
    ps.setString(7, r.toolServer());
    ps.setString(8, r.toolName());
    ps.setString(9, r.outcome());
    if (r.costUnits() == null) {
      ps.setNull(10, java.sql.Types.INTEGER);
    } else {
      ps.setLong(10, r.costUnits());
    }
    ps.setBytes(11, r.canonicalJson());
  }
}
