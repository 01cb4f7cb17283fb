package io.chio.store;

import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.merkle.CheckpointBody;
import io.chio.core.merkle.MerkleTree;
import io.chio.core.merkle.SignedCheckpoint;
import io.chio.kernel.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Commits the log to signed checkpoints ({@code chio.checkpoint_statement.v1}). Each checkpoint
 * is the RFC 6962 root over the next batch of receipts (their canonical bytes, in seq order),
 * signed by the kernel key and naming the previous statement's digest, so the chain cannot lose,
 * reorder or rewrite a batch without breaking a signature or a link.
 *
 * <p>Runs on its own thread and reads on its own connection. The receipt writer signals it when
 * {@code every} receipts are waiting; otherwise it wakes every {@code intervalMillis}. The
 * statement is built here and stored by the receipt writer's thread, in its next transaction,
 * after re-checking that nobody else extended the chain.
 */
final class Checkpointer implements Runnable {
  /** Runs a unit of work in the receipt writer's next transaction and returns its result. */
  interface Writes {
    long run(Sqlite.Work<Long> work) throws StoreException;
  }

  private final Connection conn;
  private final Ed25519SigningKey kernelKey;
  private final int every;
  private final long intervalMillis;
  private final LongSupplier clockEpochSeconds;
  private final Object signal = new Object();

  // Owned by the checkpointer thread (and by close() after that thread stopped).
  private SignedCheckpoint head;
  private Writes writes;

  private volatile long committedSeq;
  private volatile long checkpointedSeq;
  private volatile long checkpointSeq;
  private volatile boolean stopping;
  private volatile StoreException lastError;

  Checkpointer(Connection conn, Ed25519SigningKey kernelKey, int every, long intervalMillis, LongSupplier clockEpochSeconds) {
    this.conn = conn;
    this.kernelKey = kernelKey;
    this.every = every;
    this.intervalMillis = intervalMillis;
    this.clockEpochSeconds = clockEpochSeconds;
  }

  /**
   * Loads the chain head and checks it before extending it: it must parse, carry a valid signature
   * by this kernel's key, and its root must match the stored receipts of its batch. A kernel never
   * extends a chain it cannot vouch for; {@code chio receipt verify} says what is wrong.
   */
  void resume() throws StoreException {
    try {
      committedSeq = Sqlite.queryLong(conn, "SELECT MAX(seq) FROM receipts", 0);
      loadHead();
    } catch (SQLException e) {
      throw new StoreException("cannot resume the checkpoint chain: " + e.getMessage(), e);
    }
  }

  private void loadHead() throws SQLException, StoreException {
    SignedCheckpoint h = Checkpoints.latest(conn).orElse(null);
    if (h != null) {
      CheckpointBody b = h.body();
      if (!h.signatureValid()) {
        throw new StoreException("checkpoint " + b.checkpointSeq() + " signature does not verify; refusing to extend the chain");
      }
      if (!b.kernelKey().equals(kernelKey.publicKey())) {
        throw new StoreException("checkpoint " + b.checkpointSeq() + " was signed by kernel key " + b.kernelKey().toHex()
            + ", not this kernel's key " + kernelKey.publicKey().toHex() + "; refusing to extend another kernel's chain");
      }
      MerkleTree batch = MerkleTree.of(Checkpoints.leaves(conn, b.batchStartSeq(), b.batchEndSeq()));
      if (!batch.root().equals(b.merkleRoot())) {
        throw new StoreException("receipts " + b.batchStartSeq() + ".." + b.batchEndSeq() + " no longer match checkpoint "
            + b.checkpointSeq() + "'s root; refusing to extend the chain");
      }
    }
    head = h;
    checkpointSeq = h == null ? 0 : h.body().checkpointSeq();
    checkpointedSeq = h == null ? 0 : h.body().batchEndSeq();
  }

  /** Connects the checkpointer to the receipt writer, before its thread starts. */
  void writeThrough(Writes writes) {
    this.writes = writes;
  }

  /** Called by the receipt writer after each commit. */
  void committed(long lastSeq) {
    committedSeq = lastSeq;
    if (lastSeq - checkpointedSeq >= every) {
      synchronized (signal) {
        signal.notifyAll();
      }
    }
  }

  long checkpointedSeq() {
    return checkpointedSeq;
  }

  long checkpointSeq() {
    return checkpointSeq;
  }

  /** The last failure of a checkpoint attempt, or null; attempts are retried on the next wake-up. */
  StoreException lastError() {
    return lastError;
  }

  @Override
  public void run() {
    long intervalNanos = intervalMillis * 1_000_000L;
    long lastTick = System.nanoTime();
    while (!stopping) {
      synchronized (signal) {
        long waitNanos = lastTick + intervalNanos - System.nanoTime();
        if (!stopping && committedSeq - checkpointedSeq < every && waitNanos > 0) {
          try {
            signal.wait(Math.max(1, waitNanos / 1_000_000L));
          } catch (InterruptedException e) {
            // Only stop() ends the loop.
          }
        }
      }
      if (stopping) {
        return;
      }
      // A full batch goes out as soon as it exists; a partial one only when the interval is up.
      boolean intervalUp = System.nanoTime() - lastTick >= intervalNanos;
      long before = checkpointSeq;
      catchUp(intervalUp);
      if (intervalUp || checkpointSeq != before) {
        lastTick = System.nanoTime();
        copyWalIntoDatabase();
      }
    }
  }

  /**
   * Moves committed WAL frames into the database file here rather than inside a receipt commit:
   * the writer runs with {@code wal_autocheckpoint=0}, so its commits cost one WAL fsync and never
   * also the database-file fsync. PASSIVE never blocks the writer or readers; a failure only means
   * the WAL stays longer and the next tick tries again.
   */
  private void copyWalIntoDatabase() {
    try {
      Sqlite.exec(conn, "PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      lastError = new StoreException("WAL checkpoint failed: " + e.getMessage(), e);
    }
  }

  /** Ends the loop; the caller joins the thread and then calls {@code catchUp(true)} once more. */
  void stop() {
    stopping = true;
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /**
   * Checkpoints what is committed, in batches of {@code every}; the remainder too when {@code
   * partial}.
   */
  void catchUp(boolean partial) {
    try {
      while (checkpointOnce(partial)) {
        // next batch
      }
      lastError = null;
    } catch (StoreException e) {
      lastError = e;
    } catch (SQLException | RuntimeException e) {
      lastError = new StoreException("checkpoint failed: " + e.getMessage(), e);
    }
  }

  /** Issues one checkpoint if a batch is waiting; returns whether it did (or must look again). */
  boolean checkpointOnce(boolean partial) throws SQLException, StoreException {
    long done = checkpointedSeq;
    long maxSeq = Sqlite.queryLong(conn, "SELECT MAX(seq) FROM receipts", 0);
    if (maxSeq <= done || (!partial && maxSeq - done < every)) {
      return false;
    }
    long end = Math.min(maxSeq, done + every);
    List<byte[]> leaves = Checkpoints.leaves(conn, done + 1, end);
    MerkleTree batch = MerkleTree.of(leaves);
    long issuedAt = clockEpochSeconds.getAsLong();
    CheckpointBody body =
        head == null
            ? CheckpointBody.forBatch(1, 1, batch, issuedAt, kernelKey.publicKey(), null)
            : CheckpointBody.next(head, batch, issuedAt);
    SignedCheckpoint signed = SignedCheckpoint.sign(body, kernelKey);
    byte[] stored = signed.canonicalBytes();
    long previousSeq = checkpointSeq;
    boolean extended =
        writes.run(
            c -> {
              if (Sqlite.queryLong(c, "SELECT MAX(checkpoint_seq) FROM checkpoints", 0) != previousSeq) {
                return 0L; // another process extended the chain: reload the head and look again
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO checkpoints (checkpoint_seq, batch_start_seq, batch_end_seq, tree_size, merkle_root,"
                          + " issued_at, statement_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, body.checkpointSeq());
                ps.setLong(2, body.batchStartSeq());
                ps.setLong(3, body.batchEndSeq());
                ps.setLong(4, body.treeSize());
                ps.setString(5, body.merkleRoot().toWire());
                ps.setLong(6, body.issuedAt());
                ps.setBytes(7, stored);
                ps.executeUpdate();
              }
              return 1L;
            }) == 1L;
    if (!extended) {
      loadHead();
      return true;
    }
    head = signed;
    checkpointSeq = body.checkpointSeq();
    checkpointedSeq = end;
    return true;
  }
}
