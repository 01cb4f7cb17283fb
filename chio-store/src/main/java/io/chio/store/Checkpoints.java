package io.chio.store;

import io.chio.core.ChioFormatException;
import io.chio.core.merkle.SignedCheckpoint;
import io.chio.kernel.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading stored checkpoints and batch leaves (shared by the checkpointer, reader and verifier). */
final class Checkpoints {
  private Checkpoints() {}

  static Optional<SignedCheckpoint> latest(Connection c) throws SQLException, StoreException {
    return one(c, "SELECT checkpoint_seq, statement_json FROM checkpoints ORDER BY checkpoint_seq DESC LIMIT 1", null);
  }

  static Optional<SignedCheckpoint> bySeq(Connection c, long checkpointSeq) throws SQLException, StoreException {
    return one(c, "SELECT checkpoint_seq, statement_json FROM checkpoints WHERE checkpoint_seq = ?", checkpointSeq);
  }

  /** The checkpoint whose batch holds receipt {@code seq}. */
  static Optional<SignedCheckpoint> covering(Connection c, long seq) throws SQLException, StoreException {
    return one(
        c,
        "SELECT checkpoint_seq, statement_json FROM checkpoints WHERE batch_end_seq >= ? ORDER BY batch_end_seq LIMIT 1",
        seq);
  }

  /** Checkpoints {@code from..to} by checkpoint seq, in order (only those stored). */
  static List<SignedCheckpoint> range(Connection c, long from, long to) throws SQLException, StoreException {
    List<SignedCheckpoint> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT checkpoint_seq, statement_json FROM checkpoints WHERE checkpoint_seq >= ? AND checkpoint_seq <= ?"
                + " ORDER BY checkpoint_seq")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(parse(rs.getLong(1), rs.getBytes(2)));
        }
      }
    }
    return out;
  }

  static SignedCheckpoint parse(long checkpointSeq, byte[] stored) throws StoreException {
    try {
      return SignedCheckpoint.parse(stored);
    } catch (ChioFormatException | IllegalArgumentException e) {
      throw new StoreException("checkpoint " + checkpointSeq + " is not a valid statement: " + e.getMessage(), e);
    }
  }

  private static Optional<SignedCheckpoint> one(Connection c, String sql, Long arg) throws SQLException, StoreException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) {
        ps.setLong(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(parse(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
      }
    }
  }

  /** Canonical bytes of receipts {@code from..to}; a missing seq is an error (never skipped). */
  static List<byte[]> leaves(Connection c, long from, long to) throws SQLException, StoreException {
    List<byte[]> out = new ArrayList<>((int) Math.max(0, to - from + 1));
    try (PreparedStatement ps =
        c.prepareStatement("SELECT seq, canonical_json FROM receipts WHERE seq >= ? AND seq <= ? ORDER BY seq")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        long expect = from;
        while (rs.next()) {
          if (rs.getLong(1) != expect) {
            throw new StoreException("receipt seq " + expect + " is missing");
          }
          out.add(rs.getBytes(2));
          expect++;
        }
        if (expect != to + 1) {
          throw new StoreException("receipt seq " + expect + " is missing");
        }
      }
    }
    return out;
  }
}
