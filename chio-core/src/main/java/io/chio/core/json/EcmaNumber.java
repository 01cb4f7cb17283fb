package io.chio.core.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript Number::toString for finite doubles (RFC 8785 section 3.2.2.3). JDK 17's
 * Double.toString is not always the shortest round-trip form, so the digits are found here by
 * searching the shortest precision that round-trips, taking the candidate closest to the value.
 */
final class EcmaNumber {
  private EcmaNumber() {}

  static String format(double d) {
    if (d == 0) {
      return "0"; // also -0.0
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    StringBuilder sb = new StringBuilder(24);
    if (d < 0) {
      sb.append('-');
      d = -d;
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal best = shortest(d, exact);
    String digits = best.unscaledValue().toString();
    int k = digits.length();
    // value = digits * 10^(-scale) = 0.digits * 10^n
    int n = k - best.scale();
    appendEcma(sb, digits, k, n);
    return sb.toString();
  }

  private static BigDecimal shortest(double d, BigDecimal exact) {
    for (int p = 1; p <= 17; p++) {
      BigDecimal pick = null;
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.CEILING, RoundingMode.FLOOR}) {
        BigDecimal c = exact.round(new MathContext(p, mode));
        if (c.doubleValue() == d) {
          if (pick == null || c.subtract(exact).abs().compareTo(pick.subtract(exact).abs()) < 0) {
            pick = c;
          }
        }
      }
      if (pick != null) {
        return pick.stripTrailingZeros();
      }
    }
    return exact.round(MathContext.DECIMAL64).stripTrailingZeros();
  }

  private static void appendEcma(StringBuilder sb, String digits, int k, int n) {
    if (k <= n && n <= 21) {
      sb.append(digits);
      sb.append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
  }
}
