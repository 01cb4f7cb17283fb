package io.chio.store;

import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.BudgetLimits;
import io.chio.kernel.store.BudgetState;
import io.chio.kernel.store.BudgetStore;
import io.chio.kernel.store.PreCharge;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;

/**
 * Budgets in a SQLite file. Every operation is one {@code BEGIN IMMEDIATE} transaction: the write
 * lock is taken before the counters are read, so check-and-charge is atomic across threads (one
 * connection, synchronized) and across processes or store instances sharing the file (SQLite's
 * lock, waited for up to {@link Sqlite#BUSY_TIMEOUT_MS}). Commits are {@code synchronous=FULL}:
 * a charge that returned survives a crash, so a restart can never forget spend.
 *
 * <p>Holds are rows with a state, so {@code reverse}/{@code release}/{@code reconcile} are
 * idempotent for the same settlement and refuse a second, different settlement of one hold.
 */
public final class SqliteBudgetStore implements BudgetStore, AutoCloseable {
  private static final int VERSION = 1;

  private final Connection conn;

  private SqliteBudgetStore(Connection conn) {
    this.conn = conn;
  }

  public static SqliteBudgetStore open(Path file) throws StoreException {
    Objects.requireNonNull(file, "file");
    Connection c = Sqlite.openReadWrite(file);
    try {
      Sqlite.immediate(
          c,
          conn -> {
            Sqlite.checkSchemaVersion(conn, "budgets", VERSION);
            Sqlite.exec(
                conn,
                """
                CREATE TABLE IF NOT EXISTS budgets (
                  capability_id TEXT NOT NULL,
                  grant_index INTEGER NOT NULL,
                  invocations INTEGER NOT NULL CHECK (invocations >= 0),
                  exposed_units INTEGER NOT NULL CHECK (exposed_units >= 0),
                  realized_units INTEGER NOT NULL CHECK (realized_units >= 0),
                  PRIMARY KEY (capability_id, grant_index)
                )""");
            Sqlite.exec(
                conn,
                """
                CREATE TABLE IF NOT EXISTS budget_holds (
                  hold_id TEXT PRIMARY KEY,
                  capability_id TEXT NOT NULL,
                  grant_index INTEGER NOT NULL,
                  held_units INTEGER NOT NULL CHECK (held_units >= 0),
                  state TEXT NOT NULL CHECK (state IN ('held', 'reversed', 'released', 'reconciled')),
                  realized_units INTEGER
                )""");
            return null;
          });
      return new SqliteBudgetStore(c);
    } catch (SQLException | StoreException | RuntimeException e) {
      Sqlite.closeQuietly(c);
      throw e instanceof StoreException se ? se : new StoreException("cannot open budget store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized PreCharge preCharge(BudgetKey key, BudgetLimits limits, long costUnits) throws StoreException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(limits, "limits");
    if (costUnits < 0) {
      throw new IllegalArgumentException("costUnits must be >= 0; got " + costUnits);
    }
    return run(
        "pre-charge " + key,
        c -> {
          BudgetState s = read(c, key);
          String exhausted = exhaustion(s, limits, costUnits);
          if (exhausted != null) {
            return new PreCharge.Exhausted(exhausted);
          }
          write(c, key, new BudgetState(s.invocations() + 1, s.exposedUnits() + costUnits, s.realizedUnits()));
          String holdId = UUID.randomUUID().toString();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO budget_holds (hold_id, capability_id, grant_index, held_units, state) VALUES (?, ?, ?, ?, 'held')")) {
            ps.setString(1, holdId);
            ps.setString(2, key.capabilityId());
            ps.setInt(3, key.grantIndex());
            ps.setLong(4, costUnits);
            ps.executeUpdate();
          }
          return new PreCharge.Charged(new BudgetHold(holdId, key, costUnits));
        });
  }

  /** Which limit a charge of {@code cost} would break, or null if it fits. Overflow counts as exhausted. */
  private static String exhaustion(BudgetState s, BudgetLimits limits, long cost) {
    if (limits.maxInvocations() != null && s.invocations() >= limits.maxInvocations()) {
      return "max_invocations " + limits.maxInvocations() + " reached";
    }
    if (limits.maxCostPerInvocationUnits() != null && cost > limits.maxCostPerInvocationUnits()) {
      return "cost " + cost + " exceeds max_cost_per_invocation " + limits.maxCostPerInvocationUnits();
    }
    long after;
    try {
      after = Math.addExact(Math.addExact(s.exposedUnits(), s.realizedUnits()), cost);
    } catch (ArithmeticException e) {
      return "budget arithmetic overflow";
    }
    if (limits.maxTotalCostUnits() != null && after > limits.maxTotalCostUnits()) {
      return "max_total_cost " + limits.maxTotalCostUnits() + " would be exceeded: committed "
          + s.committedUnits() + " + cost " + cost;
    }
    return null;
  }

  @Override
  public synchronized void reverse(BudgetHold hold) throws StoreException {
    settle(hold, "reversed", null);
  }

  @Override
  public synchronized void release(BudgetHold hold) throws StoreException {
    settle(hold, "released", null);
  }

  @Override
  public synchronized void reconcile(BudgetHold hold, Long reportedCostUnits) throws StoreException {
    Objects.requireNonNull(hold, "hold");
    if (reportedCostUnits != null && reportedCostUnits < 0) {
      throw new IllegalArgumentException("reported cost must be >= 0; got " + reportedCostUnits);
    }
    long realized = reportedCostUnits == null ? hold.heldUnits() : Math.min(reportedCostUnits, hold.heldUnits());
    settle(hold, "reconciled", realized);
  }

  private void settle(BudgetHold hold, String newState, Long realized) throws StoreException {
    Objects.requireNonNull(hold, "hold");
    run(
        newState + " hold " + hold.holdId(),
        c -> {
          String state;
          Long storedRealized;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT capability_id, grant_index, held_units, state, realized_units FROM budget_holds WHERE hold_id = ?")) {
            ps.setString(1, hold.holdId());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new StoreException("unknown budget hold " + hold.holdId());
              }
              if (!rs.getString(1).equals(hold.key().capabilityId())
                  || rs.getInt(2) != hold.key().grantIndex()
                  || rs.getLong(3) != hold.heldUnits()) {
                throw new StoreException("budget hold " + hold.holdId() + " does not match the stored hold");
              }
              state = rs.getString(4);
              long r = rs.getLong(5);
              storedRealized = rs.wasNull() ? null : r;
            }
          }
          if (!state.equals("held")) {
            if (state.equals(newState) && Objects.equals(storedRealized, realized)) {
              return null; // the same settlement, retried
            }
            throw new StoreException("budget hold " + hold.holdId() + " is already " + state);
          }
          BudgetState s = read(c, hold.key());
          long exposed = s.exposedUnits() - hold.heldUnits();
          long invocations = newState.equals("reversed") ? s.invocations() - 1 : s.invocations();
          long realizedTotal = realized == null ? s.realizedUnits() : s.realizedUnits() + realized;
          if (exposed < 0 || invocations < 0) {
            throw new StoreException("budget counters for " + hold.key() + " are inconsistent with hold " + hold.holdId());
          }
          write(c, hold.key(), new BudgetState(invocations, exposed, realizedTotal));
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE budget_holds SET state = ?, realized_units = ? WHERE hold_id = ?")) {
            ps.setString(1, newState);
            ps.setObject(2, realized);
            ps.setString(3, hold.holdId());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public synchronized BudgetState state(BudgetKey key) throws StoreException {
    Objects.requireNonNull(key, "key");
    try {
      return read(conn, key);
    } catch (SQLException e) {
      throw new StoreException("cannot read budget " + key + ": " + e.getMessage(), e);
    }
  }

  private <T> T run(String what, Sqlite.Work<T> work) throws StoreException {
    try {
      return Sqlite.immediate(conn, work);
    } catch (SQLException e) {
      throw new StoreException("budget " + what + " failed: " + e.getMessage(), e);
    }
  }

  private static BudgetState read(Connection c, BudgetKey key) throws SQLException, StoreException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT invocations, exposed_units, realized_units FROM budgets WHERE capability_id = ? AND grant_index = ?")) {
      ps.setString(1, key.capabilityId());
      ps.setInt(2, key.grantIndex());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return BudgetState.EMPTY;
        }
        long inv = rs.getLong(1);
        long exposed = rs.getLong(2);
        long realized = rs.getLong(3);
        if (inv < 0 || exposed < 0 || realized < 0) {
          // A negative counter is corruption; treating it as zero would hand out budget.
          throw new StoreException("budget row for " + key + " is corrupt (negative counter)");
        }
        return new BudgetState(inv, exposed, realized);
      }
    }
  }

  private static void write(Connection c, BudgetKey key, BudgetState s) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO budgets (capability_id, grant_index, invocations, exposed_units, realized_units) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (capability_id, grant_index) DO UPDATE SET invocations = excluded.invocations,"
                + " exposed_units = excluded.exposed_units, realized_units = excluded.realized_units")) {
      ps.setString(1, key.capabilityId());
      ps.setInt(2, key.grantIndex());
      ps.setLong(3, s.invocations());
      ps.setLong(4, s.exposedUnits());
      ps.setLong(5, s.realizedUnits());
      ps.executeUpdate();
    }
  }

  @Override
  public synchronized void close() {
    Sqlite.closeQuietly(conn);
  }
}
