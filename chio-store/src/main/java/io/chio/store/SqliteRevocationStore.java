package io.chio.store;

import io.chio.kernel.store.RevocationStore;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Revoked capability ids in a SQLite file (may be the receipt log's file). Revocation is
 * permanent and idempotent: the first revocation's reason and time are kept.
 */
public final class SqliteRevocationStore implements RevocationStore, AutoCloseable {
  private static final int VERSION = 1;
  // Bound on ids per IN (...) query; SQLite's default host-parameter limit is far higher.
  private static final int IN_CHUNK = 500;

  /** A stored revocation. */
  public record Revocation(String capabilityId, String reason, long revokedAtEpochSeconds) {}

  private final Connection conn;

  private SqliteRevocationStore(Connection conn) {
    this.conn = conn;
  }

  public static SqliteRevocationStore open(Path file) throws StoreException {
    Objects.requireNonNull(file, "file");
    Connection c = Sqlite.openReadWrite(file);
    try {
      Sqlite.immediate(
          c,
          conn -> {
            Sqlite.checkSchemaVersion(conn, "revocations", VERSION);
            Sqlite.exec(
                conn,
                "CREATE TABLE IF NOT EXISTS revocations (capability_id TEXT PRIMARY KEY, reason TEXT NOT NULL,"
                    + " revoked_at INTEGER NOT NULL)");
            Sqlite.exec(
                conn,
                "CREATE TRIGGER IF NOT EXISTS revocations_no_delete BEFORE DELETE ON revocations"
                    + " BEGIN SELECT RAISE(ABORT, 'revocations are permanent'); END");
            return null;
          });
      return new SqliteRevocationStore(c);
    } catch (SQLException | StoreException | RuntimeException e) {
      Sqlite.closeQuietly(c);
      throw e instanceof StoreException se ? se : new StoreException("cannot open revocation store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized boolean isRevoked(String capabilityId) throws StoreException {
    Objects.requireNonNull(capabilityId, "capabilityId");
    return anyRevoked(List.of(capabilityId));
  }

  @Override
  public synchronized boolean anyRevoked(Collection<String> capabilityIds) throws StoreException {
    Objects.requireNonNull(capabilityIds, "capabilityIds");
    List<String> ids = new ArrayList<>(capabilityIds);
    try {
      for (int from = 0; from < ids.size(); from += IN_CHUNK) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
        String sql =
            "SELECT 1 FROM revocations WHERE capability_id IN (" + "?,".repeat(chunk.size() - 1) + "?) LIMIT 1";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setString(i + 1, Objects.requireNonNull(chunk.get(i), "capability id"));
          }
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              return true;
            }
          }
        }
      }
      return false;
    } catch (SQLException e) {
      throw new StoreException("revocation lookup failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void revoke(String capabilityId, String reason, long atEpochSeconds) throws StoreException {
    Objects.requireNonNull(capabilityId, "capabilityId");
    Objects.requireNonNull(reason, "reason");
    try (PreparedStatement ps =
        conn.prepareStatement("INSERT OR IGNORE INTO revocations (capability_id, reason, revoked_at) VALUES (?, ?, ?)")) {
      ps.setString(1, capabilityId);
      ps.setString(2, reason);
      ps.setLong(3, atEpochSeconds);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot record revocation of " + capabilityId + ": " + e.getMessage(), e);
    }
  }

  /** The stored revocation of {@code capabilityId}, if any. */
  public synchronized Optional<Revocation> revocation(String capabilityId) throws StoreException {
    Objects.requireNonNull(capabilityId, "capabilityId");
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT reason, revoked_at FROM revocations WHERE capability_id = ?")) {
      ps.setString(1, capabilityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Revocation(capabilityId, rs.getString(1), rs.getLong(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("revocation lookup failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    Sqlite.closeQuietly(conn);
  }
}
