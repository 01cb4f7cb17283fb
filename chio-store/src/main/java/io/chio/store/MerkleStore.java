package io.chio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The log's Merkle tree kept on disk as the hashes of its complete, aligned subtrees: row {@code
 * (level, idx)} is the root of leaves {@code [idx * 2^level, (idx + 1) * 2^level)}; level 0 holds
 * the leaf hashes. That is about 2n rows for n leaves, written once and never changed, and enough to
 * compute the RFC 6962 root, inclusion path and consistency path for any tree size up to the stored
 * size with O(log^2 n) lookups. It is a cache of the receipts: whole-log verification recomputes it
 * from the receipt bytes instead of trusting it.
 *
 * <p>Not thread safe; each user holds its own connection.
 */
final class MerkleStore {
  /** Hash functions of the tree (WIRE.md section 6). */
  interface Hasher {
    byte[] leaf(byte[] leafBytes);

    byte[] node(byte[] left, byte[] right);
  }

  static final String DDL =
      "CREATE TABLE IF NOT EXISTS merkle_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,"
          + " PRIMARY KEY (level, idx)) WITHOUT ROWID";

  private final Hasher hasher;

  MerkleStore(Hasher hasher) {
    this.hasher = hasher;
  }

  Hasher hasher() {
    return hasher;
  }

  /** A complete subtree on the right edge of the tree: one entry of the frontier. */
  record Peak(int level, long idx, byte[] hash) {}

  /**
   * The in-memory right edge of a tree of {@code size} leaves: one complete subtree per set bit of
   * {@code size}, largest first. Appending a leaf needs nothing else.
   */
  static final class Frontier {
    private final List<Peak> peaks;
    private long size;

    Frontier(List<Peak> peaks, long size) {
      this.peaks = new ArrayList<>(peaks);
      this.size = size;
    }

    long size() {
      return size;
    }

    List<Peak> peaks() {
      return List.copyOf(peaks);
    }

    Frontier copy() {
      return new Frontier(peaks, size);
    }
  }

  /** Loads the frontier for a stored tree of {@code size} leaves. */
  Frontier loadFrontier(Connection c, long size) throws SQLException {
    List<Peak> peaks = new ArrayList<>();
    long start = 0;
    for (int level = 62; level >= 0; level--) {
      if ((size & (1L << level)) != 0) {
        long idx = start >> level;
        peaks.add(new Peak(level, idx, node(c, level, idx)));
        start += 1L << level;
      }
    }
    return new Frontier(peaks, size);
  }

  /**
   * Appends leaves to {@code f} and returns the node rows this creates (leaf hashes and every
   * subtree they complete), for the caller to insert in the transaction that records the checkpoint.
   */
  List<Peak> append(Frontier f, List<byte[]> leafBytes) {
    List<Peak> created = new ArrayList<>(leafBytes.size() * 2);
    for (byte[] leaf : leafBytes) {
      Peak p = new Peak(0, f.size, hasher.leaf(leaf));
      created.add(p);
      while (!f.peaks.isEmpty() && f.peaks.get(f.peaks.size() - 1).level() == p.level()) {
        Peak left = f.peaks.remove(f.peaks.size() - 1);
        p = new Peak(p.level() + 1, left.idx() >> 1, hasher.node(left.hash(), p.hash()));
        created.add(p);
      }
      f.peaks.add(p);
      f.size++;
    }
    return created;
  }

  /** RFC 6962 root of the frontier's tree: the peaks folded from the right. */
  byte[] root(Frontier f) {
    if (f.peaks.isEmpty()) {
      throw new IllegalStateException("the empty tree has no root here");
    }
    byte[] h = f.peaks.get(f.peaks.size() - 1).hash();
    for (int i = f.peaks.size() - 2; i >= 0; i--) {
      h = hasher.node(f.peaks.get(i).hash(), h);
    }
    return h;
  }

  static void insert(Connection c, List<Peak> nodes) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")) {
      for (Peak p : nodes) {
        ps.setInt(1, p.level());
        ps.setLong(2, p.idx());
        ps.setBytes(3, p.hash());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Root of the first {@code size} leaves (all needed subtrees must be stored). */
  byte[] root(Connection c, long size) throws SQLException {
    return subtree(c, 0, size);
  }

  /** Inclusion path for leaf {@code index} in the tree of {@code size} leaves, bottom-up (RFC 6962 PATH). */
  List<byte[]> auditPath(Connection c, long index, long size) throws SQLException {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + size);
    }
    List<byte[]> out = new ArrayList<>();
    path(c, index, 0, size, out);
    return out;
  }

  private void path(Connection c, long m, long a, long b, List<byte[]> out) throws SQLException {
    if (b - a == 1) {
      return;
    }
    long k = Long.highestOneBit(b - a - 1);
    if (m < a + k) {
      path(c, m, a, a + k, out);
      out.add(subtree(c, a + k, b));
    } else {
      path(c, m, a + k, b, out);
      out.add(subtree(c, a, a + k));
    }
  }

  /** Consistency path from the tree of {@code oldSize} leaves to that of {@code newSize} (RFC 6962 PROOF). */
  List<byte[]> consistencyPath(Connection c, long oldSize, long newSize) throws SQLException {
    if (oldSize < 1 || oldSize > newSize) {
      throw new IllegalArgumentException("no consistency proof from size " + oldSize + " to size " + newSize);
    }
    List<byte[]> out = new ArrayList<>();
    if (oldSize < newSize) {
      subproof(c, oldSize, 0, newSize, true, out);
    }
    return out;
  }

  private void subproof(Connection c, long m, long a, long b, boolean complete, List<byte[]> out) throws SQLException {
    long n = b - a;
    if (m == n) {
      if (!complete) {
        out.add(subtree(c, a, b));
      }
      return;
    }
    long k = Long.highestOneBit(n - 1);
    if (m <= k) {
      subproof(c, m, a, a + k, complete, out);
      out.add(subtree(c, a + k, b));
    } else {
      subproof(c, m - k, a + k, b, false, out);
      out.add(subtree(c, a, a + k));
    }
  }

  /** Hash of leaves {@code [a, b)}: a stored node when the range is a complete aligned subtree, else split as RFC 6962 does. */
  private byte[] subtree(Connection c, long a, long b) throws SQLException {
    long n = b - a;
    if (Long.bitCount(n) == 1 && a % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return node(c, level, a >> level);
    }
    long k = Long.highestOneBit(n - 1);
    return hasher.node(subtree(c, a, a + k), subtree(c, a + k, b));
  }

  private static byte[] node(Connection c, int level, long idx) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?")) {
      ps.setInt(1, level);
      ps.setLong(2, idx);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("merkle node (" + level + ", " + idx + ") is missing");
        }
        byte[] h = rs.getBytes(1);
        if (h == null || h.length != 32) {
          throw new SQLException("merkle node (" + level + ", " + idx + ") is corrupt");
        }
        return h;
      }
    }
  }
}
