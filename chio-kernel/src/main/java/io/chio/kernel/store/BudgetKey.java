package io.chio.kernel.store;

import java.util.Objects;

/** Budget state is kept per (capability id, grant index) (KERNEL.md section 4). */
public record BudgetKey(String capabilityId, int grantIndex) {
  public BudgetKey {
    Objects.requireNonNull(capabilityId, "capabilityId");
    if (grantIndex < 0) {
      throw new IllegalArgumentException("grantIndex must be >= 0");
    }
  }
}
