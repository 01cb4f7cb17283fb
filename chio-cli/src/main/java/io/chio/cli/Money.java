package io.chio.cli;

import io.chio.core.capability.MonetaryAmount;

/** Parses {@code UNITS:CUR} (integer minor units, e.g. {@code 5000:USD}). Never a float. */
final class Money {
  private Money() {}

  static MonetaryAmount parse(String spec, String option) {
    int colon = spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new UserError(option + " \"" + spec + "\": expected UNITS:CURRENCY, e.g. 5000:USD");
    }
    long units;
    try {
      units = Long.parseLong(spec.substring(0, colon));
    } catch (NumberFormatException e) {
      throw new UserError(option + " \"" + spec + "\": units must be a whole number of minor units (no decimals)");
    }
    if (units < 0) {
      throw new UserError(option + " \"" + spec + "\": units must not be negative");
    }
    return new MonetaryAmount(units, spec.substring(colon + 1));
  }
}
