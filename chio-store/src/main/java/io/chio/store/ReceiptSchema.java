package io.chio.store;

import io.chio.kernel.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/** Tables of the receipt log. Receipts and checkpoints are append-only; triggers refuse UPDATE/DELETE. */
final class ReceiptSchema {
  static final String COMPONENT = "receipt_log";
  static final int VERSION = 1;

  private static final String[] DDL = {
    // seq is the rowid: monotonic, assigned by the writer as max(seq)+1 inside the write
    // transaction, so it is gap-free even across processes.
    """
    CREATE TABLE IF NOT EXISTS receipts (
      seq INTEGER PRIMARY KEY,
      receipt_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      capability_id TEXT,
      subject TEXT,
      tool_server TEXT,
      tool_name TEXT,
      outcome TEXT,
      cost_units INTEGER,
      canonical_json BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS receipts_capability ON receipts (capability_id, seq)",
    "CREATE INDEX IF NOT EXISTS receipts_tool ON receipts (tool_server, tool_name, seq)",
    "CREATE INDEX IF NOT EXISTS receipts_tool_name ON receipts (tool_name, seq)",
    "CREATE INDEX IF NOT EXISTS receipts_outcome ON receipts (outcome, seq)",
    "CREATE INDEX IF NOT EXISTS receipts_timestamp ON receipts (timestamp)",
    """
    CREATE TRIGGER IF NOT EXISTS receipts_no_update BEFORE UPDATE ON receipts
    BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END""",
    """
    CREATE TRIGGER IF NOT EXISTS receipts_no_delete BEFORE DELETE ON receipts
    BEGIN SELECT RAISE(ABORT, 'receipts are append-only'); END""",
    // One row per signed checkpoint statement ({"body":..,"signature":..}, canonical bytes);
    // the other columns repeat body fields for lookups.
    """
    CREATE TABLE IF NOT EXISTS checkpoints (
      checkpoint_seq INTEGER PRIMARY KEY,
      batch_start_seq INTEGER NOT NULL,
      batch_end_seq INTEGER NOT NULL,
      tree_size INTEGER NOT NULL,
      merkle_root TEXT NOT NULL,
      issued_at INTEGER NOT NULL,
      statement_json BLOB NOT NULL
    )""",
    """
    CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END""",
    """
    CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END""",
  };

  private ReceiptSchema() {}

  static void create(Connection c) throws StoreException {
    try {
      Sqlite.immediate(
          c,
          conn -> {
            Sqlite.checkSchemaVersion(conn, COMPONENT, VERSION);
            for (String sql : DDL) {
              Sqlite.exec(conn, sql);
            }
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot create receipt log schema: " + e.getMessage(), e);
    }
  }
}
