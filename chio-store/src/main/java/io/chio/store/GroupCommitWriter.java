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
 */
final class GroupCommitWriter implements Runnable {
  private static final String INSERT =
      "INSERT INTO receipts (seq, receipt_id, kind, timestamp, capability_id, subject, tool_server, tool_name,"
          + " outcome, cost_units, canonical_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** One queued append. A record of null is the shutdown marker. */
  record Pending(ReceiptRecord record, CompletableFuture<Long> result) {}

  private final Connection conn;
  private final int maxBatch;
  private final LongConsumer onCommitted;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong committedReceipts = new AtomicLong();

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

  long committedReceipts() {
    return committedReceipts.get();
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
        if (batch.get(i).record() == null) {
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
    List<Long> seqs = new ArrayList<>(batch.size());
    List<StoreException> errors = new ArrayList<>(batch.size());
    long lastSeq;
    try {
      lastSeq =
          Sqlite.immediate(
              conn,
              c -> {
                long next = Sqlite.queryLong(c, "SELECT MAX(seq) FROM receipts", 0) + 1;
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                  for (Pending p : batch) {
                    try {
                      bind(ps, next, p.record());
                      ps.executeUpdate();
                      seqs.add(next);
                      errors.add(null);
                      next++;
                    } catch (SQLException e) {
                      if (!Sqlite.isConstraintViolation(e)) {
                        throw e;
                      }
                      // SQLite aborted only this statement; the rest of the batch goes on.
                      seqs.add(null);
                      errors.add(new StoreException("receipt " + p.record().receiptId() + " is already in the log"));
                    }
                  }
                }
                return next - 1;
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
      if (seqs.get(i) != null) {
        stored++;
        batch.get(i).result().complete(seqs.get(i));
      } else {
        batch.get(i).result().completeExceptionally(errors.get(i));
      }
    }
    committedReceipts.addAndGet(stored);
    if (stored > 0) {
      onCommitted.accept(lastSeq);
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
