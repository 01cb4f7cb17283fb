package io.chio.store;

import io.chio.kernel.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Commits the log to signed checkpoints. Each checkpoint appends the next batch of receipts (their
 * canonical bytes, in seq order) to the log's single Merkle tree and signs a statement over the new
 * root that names the previous statement's hash, so the chain cannot lose or rewrite a batch.
 *
 * <p>Runs on its own thread and connection. The receipt writer signals it when {@code every}
 * receipts are waiting; otherwise it wakes every {@code intervalMillis}. Work is computed outside
 * the write lock and stored in one {@code BEGIN IMMEDIATE} transaction (tree nodes + statement)
 * that first re-checks no other writer extended the chain.
 */
final class Checkpointer implements Runnable {
  /** Issues and reads signed statements; the wire format lives with the Merkle/receipt types. */
  interface Statements {
    /** Signs a statement and returns its stored form (the exact signed JSON bytes). */
    byte[] sign(long checkpointSeq, long batchStartSeq, long batchEndSeq, long treeSize, byte[] root, long issuedAt,
        String previousSha256);

    /** The chaining hash of a stored statement: sha256_hex of its canonical body. */
    String bodySha256(byte[] stored) throws StoreException;

    /** Whether the stored statement's signature verifies under the key it names. */
    boolean signatureValid(byte[] stored);
  }

  private final Connection conn;
  private final MerkleStore merkle;
  private final Statements statements;
  private final int every;
  private final long intervalMillis;
  private final LongSupplier clockEpochSeconds;
  private final Object signal = new Object();

  // Owned by the checkpointer thread (and by close() after that thread stopped).
  private MerkleStore.Frontier frontier;
  private long checkpointSeq;
  private String previousSha256;

  private volatile long committedSeq;
  private volatile long checkpointedSeq;
  private volatile boolean stopping;
  private volatile StoreException lastError;

  Checkpointer(
      Connection conn, MerkleStore merkle, Statements statements, int every, long intervalMillis,
      LongSupplier clockEpochSeconds) {
    this.conn = conn;
    this.merkle = merkle;
    this.statements = statements;
    this.every = every;
    this.intervalMillis = intervalMillis;
    this.clockEpochSeconds = clockEpochSeconds;
  }

  /**
   * Loads the chain head and the tree frontier it commits to, and refuses a store whose stored
   * tree or last statement does not check out (the kernel must not extend a broken chain).
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
    try (PreparedStatement ps =
            conn.prepareStatement(
                "SELECT checkpoint_seq, tree_size, merkle_root, statement_json FROM checkpoints"
                    + " ORDER BY checkpoint_seq DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        frontier = merkle.loadFrontier(conn, 0);
        checkpointSeq = 0;
        previousSha256 = null;
        checkpointedSeq = 0;
        return;
      }
      long seq = rs.getLong(1);
      long treeSize = rs.getLong(2);
      String rootHex = rs.getString(3);
      byte[] stored = rs.getBytes(4);
      if (!statements.signatureValid(stored)) {
        throw new StoreException("checkpoint " + seq + " signature does not verify; refusing to extend the chain");
      }
      MerkleStore.Frontier f = merkle.loadFrontier(conn, treeSize);
      String actual = MerkleHex.encode(merkle.root(f));
      if (!actual.equals(rootHex)) {
        throw new StoreException(
            "stored Merkle tree (root " + actual + ") does not match checkpoint " + seq + " root " + rootHex
                + "; run receipt verify");
      }
      frontier = f;
      checkpointSeq = seq;
      previousSha256 = statements.bodySha256(stored);
      checkpointedSeq = treeSize;
    }
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
    while (!stopping) {
      synchronized (signal) {
        if (!stopping && committedSeq - checkpointedSeq < every) {
          try {
            signal.wait(intervalMillis);
          } catch (InterruptedException e) {
            // Only stop() ends the loop.
          }
        }
      }
      if (!stopping) {
        catchUp();
      }
    }
  }

  /** Stops the thread's loop; the caller joins it and then calls {@link #catchUp()} once more. */
  void stop() {
    stopping = true;
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Checkpoints everything committed so far, in batches of at most {@code every}. */
  void catchUp() {
    try {
      while (checkpointOnce()) {
        // next batch
      }
      lastError = null;
    } catch (StoreException e) {
      lastError = e;
    } catch (SQLException | RuntimeException e) {
      lastError = new StoreException("checkpoint failed: " + e.getMessage(), e);
    }
  }

  /** Issues one checkpoint if receipts are waiting; returns whether it did. */
  boolean checkpointOnce() throws SQLException, StoreException {
    long size = frontier.size();
    long maxSeq = Sqlite.queryLong(conn, "SELECT MAX(seq) FROM receipts", 0);
    if (maxSeq <= size) {
      return false;
    }
    long end = Math.min(maxSeq, size + every);
    List<byte[]> leaves = readLeaves(size + 1, end);
    MerkleStore.Frontier next = frontier.copy();
    List<MerkleStore.Peak> nodes = merkle.append(next, leaves);
    byte[] root = merkle.root(next);
    long seq = checkpointSeq + 1;
    long issuedAt = clockEpochSeconds.getAsLong();
    byte[] statement = statements.sign(seq, size + 1, end, end, root, issuedAt, previousSha256);
    boolean stored =
        Sqlite.immediate(
            conn,
            c -> {
              long head = Sqlite.queryLong(c, "SELECT MAX(checkpoint_seq) FROM checkpoints", 0);
              if (head != checkpointSeq) {
                return false; // another writer extended the chain: reload and retry
              }
              MerkleStore.insert(c, nodes);
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO checkpoints (checkpoint_seq, batch_start_seq, batch_end_seq, tree_size, merkle_root,"
                          + " issued_at, statement_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, seq);
                ps.setLong(2, size + 1);
                ps.setLong(3, end);
                ps.setLong(4, end);
                ps.setString(5, MerkleHex.encode(root));
                ps.setLong(6, issuedAt);
                ps.setBytes(7, statement);
                ps.executeUpdate();
              }
              return true;
            });
    if (!stored) {
      loadHead();
      return true;
    }
    frontier = next;
    checkpointSeq = seq;
    previousSha256 = statements.bodySha256(statement);
    checkpointedSeq = end;
    return true;
  }

  private List<byte[]> readLeaves(long from, long to) throws SQLException, StoreException {
    List<byte[]> out = new ArrayList<>((int) (to - from + 1));
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT seq, canonical_json FROM receipts WHERE seq >= ? AND seq <= ? ORDER BY seq")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        long expect = from;
        while (rs.next()) {
          if (rs.getLong(1) != expect) {
            throw new StoreException("receipt seq " + expect + " is missing; refusing to checkpoint over a gap");
          }
          out.add(rs.getBytes(2));
          expect++;
        }
        if (expect != to + 1) {
          throw new StoreException("receipt seq " + expect + " is missing; refusing to checkpoint over a gap");
        }
      }
    }
    return out;
  }
}
