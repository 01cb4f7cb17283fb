package io.chio.kernel.store;

/** Current counters for one budget key. {@code exposedUnits} are held but not yet reconciled. */
public record BudgetState(long invocations, long exposedUnits, long realizedUnits) {
  public static final BudgetState EMPTY = new BudgetState(0, 0, 0);

  public long committedUnits() {
    return exposedUnits + realizedUnits;
  }
}
