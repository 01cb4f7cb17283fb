package io.chio.kernel.store;

import java.util.Objects;

/** Outcome of {@link BudgetStore#preCharge}. */
public sealed interface PreCharge {
  record Charged(BudgetHold hold) implements PreCharge {
    public Charged {
      Objects.requireNonNull(hold, "hold");
    }
  }

  /** Which limit would be exceeded, in words for the receipt. */
  record Exhausted(String reason) implements PreCharge {}
}
