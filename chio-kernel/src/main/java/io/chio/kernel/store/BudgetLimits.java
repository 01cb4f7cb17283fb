package io.chio.kernel.store;

/**
 * A grant's limits; null means unlimited. Money is integer minor units of {@code currency}.
 */
public record BudgetLimits(Long maxInvocations, Long maxCostPerInvocationUnits, Long maxTotalCostUnits, String currency) {
  public static final BudgetLimits UNLIMITED = new BudgetLimits(null, null, null, null);

  public boolean isUnlimited() {
    return maxInvocations == null && maxCostPerInvocationUnits == null && maxTotalCostUnits == null;
  }
}
