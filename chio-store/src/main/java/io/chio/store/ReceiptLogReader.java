package io.chio.store;

import io.chio.core.merkle.InclusionProof;
import io.chio.core.merkle.MerkleTree;
import io.chio.core.merkle.SignedCheckpoint;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Read-only access to a receipt log file: queries for the operator, rows for verification and
 * proofs. Opens the file read-only, so nothing done through a reader can change the log. Thread
 * safe (calls are serialized on one connection).
 */
public final class ReceiptLogReader implements AutoCloseable {
  /** Largest page a single {@link #list} returns. */
  public static final int MAX_LIMIT = 10_000;

  private static final String COLUMNS =
      "seq, receipt_id, kind, timestamp, capability_id, subject, tool_server, tool_name, outcome, cost_units, canonical_json";

  private final Path file;
  private final Connection conn;

  private ReceiptLogReader(Path file, Connection conn) {
    this.file = file;
    this.conn = conn;
  }

  /** Opens an existing log read-only. */
  public static ReceiptLogReader open(Path file) throws StoreException {
    Objects.requireNonNull(file, "file");
    return new ReceiptLogReader(file, Sqlite.openReadOnly(file));
  }

  public Path file() {
    return file;
  }

  /**
   * Receipts matching {@code filter}, oldest (lowest seq) first, at most {@code limit}. {@code
   * cursor} is null for the first page, else the {@code nextCursor} of the previous page.
   */
  public synchronized ReceiptPage list(ReceiptFilter filter, int limit, String cursor) throws StoreException {
    Objects.requireNonNull(filter, "filter");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
    }
    long afterSeq = Cursor.decode(cursor);
    try {
      // Without ANALYZE statistics SQLite cannot tell a capability id (a few rows) from an outcome
      // (a fifth of the log), so the plan is chosen here and the filters that must not drive it
      // are written as +column (evaluated without an index). Every plan yields rows in seq order.
      String lead =
          filter.capabilityId() != null ? "capability_id"
              : filter.toolServer() != null ? "tool_server"
              : filter.toolName() != null ? "tool_name"
              : null;
      boolean timed = filter.sinceEpochSeconds() != null || filter.untilEpochSeconds() != null;
      boolean timeIndex = lead == null && timed && smallWindow(filter);
      long after = afterSeq;
      if (!"capability_id".equals(lead) && !timeIndex && filter.sinceEpochSeconds() != null) {
        // A large window: walk seq order from the first receipt inside it, not from seq 1. (One
        // bound only: SQLite would use just one of two lower bounds on the rowid.)
        after = Math.max(after, firstSeqSince(filter.sinceEpochSeconds()) - 1);
      }
      StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM receipts")
          .append(timeIndex ? " INDEXED BY receipts_timestamp" : "").append(" WHERE seq > ?");
      List<Object> args = new ArrayList<>();
      args.add(after);
      addEquals(sql, args, "capability_id", filter.capabilityId(), lead);
      addEquals(sql, args, "tool_server", filter.toolServer(), lead);
      addEquals(sql, args, "tool_name", filter.toolName(), "tool_server".equals(lead) ? "tool_name" : lead);
      addEquals(sql, args, "outcome", filter.outcome(), lead == null && !timeIndex ? "outcome" : lead);
      addBound(sql, args, (timeIndex ? "" : "+") + "timestamp >= ?", filter.sinceEpochSeconds());
      addBound(sql, args, (timeIndex ? "" : "+") + "timestamp <= ?", filter.untilEpochSeconds());
      addBound(sql, args, "cost_units >= ?", filter.minCostUnits());
      addBound(sql, args, "cost_units <= ?", filter.maxCostUnits());
      sql.append(" ORDER BY seq LIMIT ?");
      args.add(limit + 1);
      List<StoredReceipt> rows = new ArrayList<>();
      try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(row(rs));
          }
        }
      }
      if (rows.size() > limit) {
        rows = rows.subList(0, limit);
        return new ReceiptPage(rows, Optional.of(Cursor.encode(rows.get(limit - 1).seq())));
      }
      return new ReceiptPage(rows, Optional.empty());
    } catch (SQLException e) {
      throw new StoreException("receipt query failed: " + e.getMessage(), e);
    }
  }

  /** Receipts in a time window, at most this many, are read via the timestamp index and sorted. */
  private static final int SMALL_WINDOW = 20_000;

  /** Whether the time window holds at most {@link #SMALL_WINDOW} receipts (counted on the index, bounded). */
  private boolean smallWindow(ReceiptFilter f) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM (SELECT 1 FROM receipts INDEXED BY receipts_timestamp WHERE 1");
    List<Object> args = new ArrayList<>();
    addBound(sql, args, "timestamp >= ?", f.sinceEpochSeconds());
    addBound(sql, args, "timestamp <= ?", f.untilEpochSeconds());
    sql.append(" LIMIT ").append(SMALL_WINDOW + 1).append(")");
    try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) <= SMALL_WINDOW;
      }
    }
  }

  /**
   * The lowest seq of any receipt at or after {@code since}: exact even if timestamps are not
   * monotonic in seq. Costs a scan of the window on the timestamp index.
   */
  private long firstSeqSince(long since) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT MIN(seq) FROM receipts INDEXED BY receipts_timestamp WHERE timestamp >= ?")) {
      ps.setLong(1, since);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? Long.MAX_VALUE : v;
      }
    }
  }

  /** The receipt with this id. */
  public synchronized Optional<StoredReceipt> get(String receiptId) throws StoreException {
    Objects.requireNonNull(receiptId, "receiptId");
    return one("SELECT " + COLUMNS + " FROM receipts WHERE receipt_id = ?", receiptId);
  }

  /** The receipt at this log position. */
  public synchronized Optional<StoredReceipt> getBySeq(long seq) throws StoreException {
    return one("SELECT " + COLUMNS + " FROM receipts WHERE seq = ?", seq);
  }

  /** Highest seq in the log, 0 when empty. */
  public synchronized long lastSeq() throws StoreException {
    try {
      return Sqlite.queryLong(conn, "SELECT MAX(seq) FROM receipts", 0);
    } catch (SQLException e) {
      throw new StoreException("cannot read log size: " + e.getMessage(), e);
    }
  }

  /** Number of stored receipt rows (equals {@link #lastSeq()} when there are no gaps). */
  public synchronized long count() throws StoreException {
    try {
      return Sqlite.queryLong(conn, "SELECT COUNT(*) FROM receipts", 0);
    } catch (SQLException e) {
      throw new StoreException("cannot count receipts: " + e.getMessage(), e);
    }
  }

  /** Consumer of rows streamed in seq order. */
  @FunctionalInterface
  interface RowVisitor {
    void visit(StoredReceipt row) throws StoreException;
  }

  /** Streams rows with {@code fromSeq <= seq <= toSeq} in seq order, in bounded chunks. */
  synchronized void scan(long fromSeq, long toSeq, RowVisitor visitor) throws StoreException {
    final int chunk = 4096;
    long next = fromSeq;
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT " + COLUMNS + " FROM receipts WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?")) {
      while (next <= toSeq) {
        ps.setLong(1, next);
        ps.setLong(2, toSeq);
        ps.setInt(3, chunk);
        int n = 0;
        long last = -1;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            StoredReceipt r = row(rs);
            visitor.visit(r);
            last = r.seq();
            n++;
          }
        }
        if (n < chunk) {
          return;
        }
        next = last + 1;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read receipts " + fromSeq + ".." + toSeq + ": " + e.getMessage(), e);
    }
  }

  /** The stored checkpoint with this number. */
  public synchronized Optional<SignedCheckpoint> checkpoint(long checkpointSeq) throws StoreException {
    try {
      return Checkpoints.bySeq(conn, checkpointSeq);
    } catch (SQLException e) {
      throw new StoreException("cannot read checkpoint " + checkpointSeq + ": " + e.getMessage(), e);
    }
  }

  /** The newest stored checkpoint (the chain head). */
  public synchronized Optional<SignedCheckpoint> latestCheckpoint() throws StoreException {
    try {
      return Checkpoints.latest(conn);
    } catch (SQLException e) {
      throw new StoreException("cannot read the latest checkpoint: " + e.getMessage(), e);
    }
  }

  /** Stored checkpoints numbered {@code from..to}, oldest first. */
  public synchronized List<SignedCheckpoint> checkpoints(long from, long to) throws StoreException {
    try {
      return Checkpoints.range(conn, from, to);
    } catch (SQLException e) {
      throw new StoreException("cannot read checkpoints " + from + ".." + to + ": " + e.getMessage(), e);
    }
  }

  /**
   * Proof that receipt {@code receiptId} is in the log: its batch checkpoint, its RFC 6962 audit
   * path in that batch, and, when {@code anchorCheckpointSeq} names a later checkpoint, the signed
   * checkpoints linking the batch to it. Null means the batch's own checkpoint (the smallest proof;
   * a later anchor adds one signed checkpoint per batch in between).
   *
   * @throws StoreException if the receipt is unknown or not yet checkpointed, or the anchor is
   *     earlier than the receipt's checkpoint
   */
  public synchronized ReceiptProof proof(String receiptId, Long anchorCheckpointSeq) throws StoreException {
    Objects.requireNonNull(receiptId, "receiptId");
    StoredReceipt r = get(receiptId).orElseThrow(() -> new StoreException("no receipt with id " + receiptId));
    try {
      SignedCheckpoint cp =
          Checkpoints.covering(conn, r.seq())
              .orElseThrow(() -> new StoreException("receipt " + receiptId + " (seq " + r.seq()
                  + ") is not in a checkpoint yet; the checkpointer commits new receipts within its interval"));
      long batchCp = cp.body().checkpointSeq();
      long anchor = anchorCheckpointSeq == null ? batchCp : anchorCheckpointSeq;
      if (anchor < batchCp) {
        throw new StoreException("receipt " + receiptId + " is first committed by checkpoint " + batchCp
            + ", which is later than checkpoint " + anchor);
      }
      List<SignedCheckpoint> later = Checkpoints.range(conn, batchCp + 1, anchor);
      if (later.size() != anchor - batchCp) {
        throw new StoreException("checkpoints " + (batchCp + 1) + ".." + anchor + " are not all stored");
      }
      MerkleTree batch = MerkleTree.of(Checkpoints.leaves(conn, cp.body().batchStartSeq(), cp.body().batchEndSeq()));
      InclusionProof inclusion = batch.inclusionProof(r.seq() - cp.body().batchStartSeq());
      return new ReceiptProof(r.seq(), r.canonicalJson(), cp, inclusion, later);
    } catch (SQLException e) {
      throw new StoreException("cannot build the proof for " + receiptId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Proof that checkpoint {@code to} extends checkpoint {@code from}: the signed checkpoints
   * {@code from..to}, each naming its predecessor's digest.
   */
  public synchronized CheckpointConsistency consistency(long from, long to) throws StoreException {
    if (from < 1 || to < from) {
      throw new IllegalArgumentException("need 1 <= A <= B for a consistency proof; got " + from + " and " + to);
    }
    List<SignedCheckpoint> chain = checkpoints(from, to);
    if (chain.size() != to - from + 1) {
      throw new StoreException("checkpoints " + from + ".." + to + " are not all stored (found " + chain.size() + ")");
    }
    return new CheckpointConsistency(chain);
  }

  synchronized Connection connection() {
    return conn;
  }

  @Override
  public synchronized void close() {
    Sqlite.closeQuietly(conn);
  }

  private Optional<StoredReceipt> one(String sql, Object arg) throws StoreException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setObject(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("receipt lookup failed: " + e.getMessage(), e);
    }
  }

  private static void addEquals(StringBuilder sql, List<Object> args, String column, String value, String indexed) {
    if (value != null) {
      sql.append(" AND ").append(column.equals(indexed) ? "" : "+").append(column).append(" = ?");
      args.add(value);
    }
  }

  private static void addBound(StringBuilder sql, List<Object> args, String clause, Long value) {
    if (value != null) {
      sql.append(" AND ").append(clause);
      args.add(value);
    }
  }

  static StoredReceipt row(ResultSet rs) throws SQLException {
    long cost = rs.getLong(10);
    Long costUnits = rs.wasNull() ? null : cost;
    return new StoredReceipt(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        costUnits,
        rs.getBytes(11));
  }
}
