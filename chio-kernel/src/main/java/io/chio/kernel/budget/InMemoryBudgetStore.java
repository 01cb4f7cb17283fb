package io.chio.kernel.budget;

import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.BudgetLimits;
import io.chio.kernel.store.BudgetState;
import io.chio.kernel.store.BudgetStore;
import io.chio.kernel.store.PreCharge;
import io.chio.kernel.store.StoreException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BudgetStore} for one process. Each key has its own account whose counters and
 * outstanding holds change under that account's lock only, so calls on different keys never
 * contend and calls on one key are linearizable. A hold settles exactly once: settling it again
 * (or settling a hold this store never issued) is refused rather than double-counted.
 */
public final class InMemoryBudgetStore implements BudgetStore {
  private final ConcurrentHashMap<BudgetKey, Account> accounts = new ConcurrentHashMap<>();
  private final AtomicLong holdSequence = new AtomicLong();

  @Override
  public PreCharge preCharge(BudgetKey key, BudgetLimits limits, long costUnits) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(limits, "limits");
    if (costUnits < 0) {
      throw new IllegalArgumentException("costUnits must be >= 0, got " + costUnits);
    }
    Account account = accounts.computeIfAbsent(key, k -> new Account());
    synchronized (account) {
      String refusal = refusal(account, limits, costUnits);
      if (refusal != null) {
        return new PreCharge.Exhausted(refusal);
      }
      account.invocations++;
      account.exposed += costUnits;
      BudgetHold hold = new BudgetHold("hold-" + holdSequence.incrementAndGet(), key, costUnits);
      account.outstanding.put(hold.holdId(), hold);
      return new PreCharge.Charged(hold);
    }
  }

  private static String refusal(Account a, BudgetLimits limits, long costUnits) {
    if (limits.maxInvocations() != null && a.invocations >= limits.maxInvocations()) {
      return "invocation limit reached (" + a.invocations + " of " + limits.maxInvocations() + ")";
    }
    if (limits.maxCostPerInvocationUnits() != null && costUnits > limits.maxCostPerInvocationUnits()) {
      return "cost " + costUnits + " exceeds the per-invocation maximum " + limits.maxCostPerInvocationUnits();
    }
    if (limits.maxTotalCostUnits() != null) {
      long committed = a.exposed + a.realized;
      // Written as a subtraction so that huge costs cannot overflow past the check.
      if (costUnits > limits.maxTotalCostUnits() - committed) {
        return "cost " + costUnits + " would exceed the total budget (" + committed + " of " + limits.maxTotalCostUnits() + " committed)";
      }
    }
    return null;
  }

  @Override
  public void reverse(BudgetHold hold) throws StoreException {
    settle(hold, "reverse", (a, h) -> {
      a.invocations--;
      a.exposed -= h.heldUnits();
    });
  }

  @Override
  public void release(BudgetHold hold) throws StoreException {
    settle(hold, "release", (a, h) -> a.exposed -= h.heldUnits());
  }

  @Override
  public void reconcile(BudgetHold hold, Long reportedCostUnits) throws StoreException {
    if (reportedCostUnits != null && reportedCostUnits < 0) {
      throw new IllegalArgumentException("reportedCostUnits must be >= 0, got " + reportedCostUnits);
    }
    settle(hold, "reconcile", (a, h) -> {
      long realized = reportedCostUnits == null ? h.heldUnits() : Math.min(reportedCostUnits, h.heldUnits());
      a.exposed -= h.heldUnits();
      a.realized += realized;
    });
  }

  @Override
  public BudgetState state(BudgetKey key) {
    Objects.requireNonNull(key, "key");
    Account account = accounts.get(key);
    if (account == null) {
      return BudgetState.EMPTY;
    }
    synchronized (account) {
      return new BudgetState(account.invocations, account.exposed, account.realized);
    }
  }

  private void settle(BudgetHold hold, String op, Settlement settlement) throws StoreException {
    Objects.requireNonNull(hold, "hold");
    Account account = accounts.get(hold.key());
    if (account != null) {
      synchronized (account) {
        BudgetHold outstanding = account.outstanding.remove(hold.holdId());
        if (outstanding != null) {
          if (!outstanding.equals(hold)) {
            account.outstanding.put(outstanding.holdId(), outstanding);
            throw new StoreException("cannot " + op + " hold " + hold.holdId() + ": it does not match the hold that was issued");
          }
          settlement.apply(account, outstanding);
          return;
        }
      }
    }
    throw new StoreException("cannot " + op + " hold " + hold.holdId() + ": it is not outstanding (already settled or never issued)");
  }

  @FunctionalInterface
  private interface Settlement {
    void apply(Account account, BudgetHold hold);
  }

  /** Mutable counters; guarded by the instance's own monitor. */
  private static final class Account {
    long invocations;
    long exposed;
    long realized;
    final Map<String, BudgetHold> outstanding = new HashMap<>();
  }
}
