package io.chio.protect;

import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.BudgetLimits;
import io.chio.kernel.store.BudgetState;
import io.chio.kernel.store.BudgetStore;
import io.chio.kernel.store.PreCharge;
import io.chio.kernel.store.StoreException;
import java.util.HashMap;
import java.util.Map;

/**
 * Budgets for one process ({@code max_invocations}, per-call and total cost), fully synchronized:
 * the default when no persistent budget store is configured.
 */
final class ProcessBudgetStore implements BudgetStore {
  private final Map<BudgetKey, long[]> state = new HashMap<>();
  private final Map<String, BudgetHold> holds = new HashMap<>();
  private long seq;

  @Override
  public synchronized PreCharge preCharge(BudgetKey key, BudgetLimits limits, long cost) {
    long[] s = state.computeIfAbsent(key, k -> new long[3]);
    if (limits.maxInvocations() != null && s[0] >= limits.maxInvocations()) {
      return new PreCharge.Exhausted("invocation limit reached (" + s[0] + " of " + limits.maxInvocations() + ")");
    }
    if (limits.maxCostPerInvocationUnits() != null && cost > limits.maxCostPerInvocationUnits()) {
      return new PreCharge.Exhausted("cost " + cost + " exceeds the per-invocation maximum");
    }
    if (limits.maxTotalCostUnits() != null && s[1] + s[2] + cost > limits.maxTotalCostUnits()) {
      return new PreCharge.Exhausted("cost " + cost + " would exceed the total budget");
    }
    s[0]++;
    s[1] += cost;
    BudgetHold h = new BudgetHold("h" + ++seq, key, cost);
    holds.put(h.holdId(), h);
    return new PreCharge.Charged(h);
  }

  private long[] take(BudgetHold h) throws StoreException {
    if (holds.remove(h.holdId()) == null) {
      throw new StoreException("hold " + h.holdId() + " is not outstanding");
    }
    return state.get(h.key());
  }

  @Override
  public synchronized void reverse(BudgetHold h) throws StoreException {
    long[] s = take(h);
    s[0]--;
    s[1] -= h.heldUnits();
  }

  @Override
  public synchronized void release(BudgetHold h) throws StoreException {
    take(h)[1] -= h.heldUnits();
  }

  @Override
  public synchronized void reconcile(BudgetHold h, Long reported) throws StoreException {
    long[] s = take(h);
    s[1] -= h.heldUnits();
    s[2] += reported == null ? h.heldUnits() : Math.min(reported, h.heldUnits());
  }

  @Override
  public synchronized BudgetState state(BudgetKey key) {
    long[] s = state.getOrDefault(key, new long[3]);
    return new BudgetState(s[0], s[1], s[2]);
  }
}
