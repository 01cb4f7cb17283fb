package io.chio.store;

import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Connection setup and small helpers shared by the SQLite stores. */
final class Sqlite {
  /** How long a writer waits for another connection's (or process's) write lock before failing. */
  static final int BUSY_TIMEOUT_MS = 10_000;

  private Sqlite() {}

  /**
   * A read-write connection: WAL journal so readers never block the writer, {@code
   * synchronous=FULL} so a committed transaction is on disk before COMMIT returns. Transactions
   * are explicit ({@code BEGIN IMMEDIATE} ... {@code COMMIT}); the driver stays in auto-commit.
   */
  static Connection openReadWrite(Path file) throws StoreException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    return open(file, config, "read-write");
  }

  /** A read-only connection (queries, verification, export): it can never modify the file. */
  static Connection openReadOnly(Path file) throws StoreException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new StoreException("receipt database " + file + " does not exist");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    return open(file, config, "read-only");
  }

  private static Connection open(Path file, SQLiteConfig config, String mode) throws StoreException {
    try {
      return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw new StoreException("cannot open " + file + " " + mode + ": " + e.getMessage(), e);
    }
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Extra configuration applied to a freshly opened connection. */
  interface Setup {
    void apply(Connection c) throws SQLException;
  }

  /** A unit of work run inside one transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException, StoreException;
  }

  /**
   * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction: the write lock is taken up front,
   * so two connections (or processes) never both read a value and then both write from it.
   */
  static <T> T immediate(Connection c, Work<T> work) throws SQLException, StoreException {
    exec(c, "BEGIN IMMEDIATE");
    boolean committed = false;
    try {
      T result = work.run(c);
      exec(c, "COMMIT");
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollbackQuietly(c);
      }
    }
  }

  static void rollbackQuietly(Connection c) {
    try {
      exec(c, "ROLLBACK");
    } catch (SQLException ignored) {
      // Nothing was open, or SQLite already rolled back on the error that brought us here.
    }
  }

  static long queryLong(Connection c, String sql, long ifNull) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return ifNull;
      }
      long v = rs.getLong(1);
      return rs.wasNull() ? ifNull : v;
    }
  }

  /** True for a UNIQUE / PRIMARY KEY violation: only the failing statement was aborted. */
  static boolean isConstraintViolation(SQLException e) {
    if (e instanceof SQLiteException se) {
      SQLiteErrorCode code = se.getResultCode();
      return code != null && code.name().startsWith("SQLITE_CONSTRAINT");
    }
    return false;
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing is best effort; durability was settled at COMMIT.
    }
  }

  /**
   * Records the schema version of one component; refuses a file written by a newer schema so an
   * old binary never misreads it.
   */
  static void checkSchemaVersion(Connection c, String component, int version) throws SQLException, StoreException {
    exec(c, "CREATE TABLE IF NOT EXISTS chio_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM chio_schema WHERE component = ?")) {
      ps.setString(1, component);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          int found = rs.getInt(1);
          if (found != version) {
            throw new StoreException(
                component + " schema version " + found + " in this file is not supported (expected " + version + ")");
          }
          return;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO chio_schema (component, version) VALUES (?, ?)")) {
      ps.setString(1, component);
      ps.setInt(2, version);
      ps.executeUpdate();
    }
  }
}
