package io.chio.kernel;

import java.util.Objects;

/**
 * What a call commits to spend, e.g. a payment: {@code amountUnits} integer minor units of {@code
 * currency}. Drives budget checks and {@code require_approval_above}.
 */
public record GovernedIntent(long amountUnits, String currency) {
  public GovernedIntent {
    if (amountUnits < 0) {
      throw new IllegalArgumentException("amountUnits must be >= 0");
    }
    Objects.requireNonNull(currency, "currency");
  }
}
