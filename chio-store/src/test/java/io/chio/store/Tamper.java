package io.chio.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.UnaryOperator;

/**
 * Raw edits of a log file, as someone with write access to the file could make them. The
 * append-only triggers are dropped first: they stop accidents, not an attacker.
 */
final class Tamper {
  private Tamper() {}

  static void sql(Path file, String... statements) throws Exception {
    try (Connection c = Sqlite.openReadWrite(file)) {
      for (String s : new String[] {"receipts_no_update", "receipts_no_delete", "checkpoints_no_update", "checkpoints_no_delete"}) {
        Sqlite.exec(c, "DROP TRIGGER IF EXISTS " + s);
      }
      for (String s : statements) {
        Sqlite.exec(c, s);
      }
    }
  }

  static void rewriteCheckpoint(Path file, long checkpointSeq, UnaryOperator<String> edit) throws Exception {
    sql(file);
    try (Connection c = Sqlite.openReadWrite(file)) {
      String text;
      try (PreparedStatement ps = c.prepareStatement("SELECT statement_json FROM checkpoints WHERE checkpoint_seq = ?")) {
        ps.setLong(1, checkpointSeq);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          text = new String(rs.getBytes(1), StandardCharsets.UTF_8);
        }
      }
      String edited = edit.apply(text);
      if (edited.equals(text)) {
        throw new IllegalStateException("edit changed nothing");
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE checkpoints SET statement_json = ? WHERE checkpoint_seq = ?")) {
        ps.setBytes(1, edited.getBytes(StandardCharsets.UTF_8));
        ps.setLong(2, checkpointSeq);
        ps.executeUpdate();
      }
    }
  }

  /** Flips one bit of byte {@code offset} of a stored receipt. */
  static void flipReceiptByte(Path file, long seq, int offset) throws Exception {
    sql(file);
    try (Connection c = Sqlite.openReadWrite(file)) {
      byte[] b;
      try (PreparedStatement ps = c.prepareStatement("SELECT canonical_json FROM receipts WHERE seq = ?")) {
        ps.setLong(1, seq);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          b = rs.getBytes(1);
        }
      }
      b[offset] ^= 0x01;
      try (PreparedStatement ps = c.prepareStatement("UPDATE receipts SET canonical_json = ? WHERE seq = ?")) {
        ps.setBytes(1, b);
        ps.setLong(2, seq);
        ps.executeUpdate();
      }
    }
  }
}
