package io.chio.kernel.store;

import java.util.Objects;

/** A successful pre-charge: one invocation counted and {@code heldUnits} exposed. */
public record BudgetHold(String holdId, BudgetKey key, long heldUnits) {
  public BudgetHold {
    Objects.requireNonNull(holdId, "holdId");
    Objects.requireNonNull(key, "key");
  }
}
