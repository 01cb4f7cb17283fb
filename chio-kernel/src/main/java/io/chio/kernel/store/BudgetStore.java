package io.chio.kernel.store;

/**
 * Budgets with integer money (KERNEL.md section 4). Every method is atomic with respect to every
 * other call on the same key, across threads, and for shared-file implementations across
 * processes: an agent with a 5000-unit budget can never spend 5001.
 */
public interface BudgetStore {
  /**
   * Atomically checks {@code invocations < maxInvocations}, {@code costUnits <= maxCostPerInvocation}
   * and {@code committed + costUnits <= maxTotalCost}; on success counts one invocation and holds
   * {@code costUnits}.
   */
  PreCharge preCharge(BudgetKey key, BudgetLimits limits, long costUnits) throws StoreException;

  /** Undoes a pre-charge entirely (the call was denied before dispatch): count and hold. */
  void reverse(BudgetHold hold) throws StoreException;

  /** The dispatch failed, was cancelled or timed out: the invocation stays counted, the hold is dropped. */
  void release(BudgetHold hold) throws StoreException;

  /**
   * The tool answered: realized cost = min(reported, held); a tool that reports no cost ({@code
   * null}) is charged the held amount.
   */
  void reconcile(BudgetHold hold, Long reportedCostUnits) throws StoreException;

  BudgetState state(BudgetKey key) throws StoreException;
}
