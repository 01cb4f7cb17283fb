package io.chio.protect.route;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code x-chio-*} fields of one OpenAPI operation. Absent fields are null. Parsing is strict:
 * a wrong type, an unknown sensitivity or an unknown {@code x-chio-} key is a spec error, because a
 * silently ignored typo (say {@code x-chio-aproval-required}) would weaken the policy.
 *
 * @param sensitivity {@code x-chio-sensitivity}, recorded in receipt evidence
 * @param sideEffects {@code x-chio-side-effects}, overrides the method's default classification
 * @param approvalRequired {@code x-chio-approval-required}
 * @param budgetLimit {@code x-chio-budget-limit}, the most (minor units) one call may cost
 * @param publish {@code x-chio-publish}, whether the operation appears in the tool manifest
 */
public record ChioExtensions(
    Sensitivity sensitivity, Boolean sideEffects, Boolean approvalRequired, Long budgetLimit, Boolean publish) {

  public static final ChioExtensions NONE = new ChioExtensions(null, null, null, null, null);

  static final String SENSITIVITY = "x-chio-sensitivity";
  static final String SIDE_EFFECTS = "x-chio-side-effects";
  static final String APPROVAL_REQUIRED = "x-chio-approval-required";
  static final String BUDGET_LIMIT = "x-chio-budget-limit";
  static final String PUBLISH = "x-chio-publish";
  private static final Set<String> KNOWN = Set.of(SENSITIVITY, SIDE_EFFECTS, APPROVAL_REQUIRED, BUDGET_LIMIT, PUBLISH);

  public boolean isApprovalRequired() {
    return Boolean.TRUE.equals(approvalRequired);
  }

  /** Published unless {@code x-chio-publish: false}. */
  public boolean isPublished() {
    return !Boolean.FALSE.equals(publish);
  }

  /**
   * Reads the extensions of one operation.
   *
   * @param where names the operation in error messages, e.g. {@code "DELETE /orders/{orderId}"}
   */
  static ChioExtensions parse(Map<String, Object> extensions, String where) throws SpecException {
    if (extensions == null || extensions.isEmpty()) {
      return NONE;
    }
    for (String key : new TreeSet<>(extensions.keySet())) {
      if (key.startsWith("x-chio-") && !KNOWN.contains(key)) {
        throw new SpecException(
            where + ": unknown extension " + key + " (known: " + String.join(", ", new TreeSet<>(KNOWN)) + ")");
      }
    }
    Sensitivity sensitivity = null;
    if (extensions.containsKey(SENSITIVITY)) {
      Object v = extensions.get(SENSITIVITY);
      sensitivity = v instanceof String s ? Sensitivity.fromWire(s) : null;
      if (sensitivity == null) {
        throw new SpecException(
            where + ": " + SENSITIVITY + " must be one of public, internal, confidential, restricted (got " + describe(v) + ")");
      }
    }
    return new ChioExtensions(
        sensitivity,
        bool(extensions, SIDE_EFFECTS, where),
        bool(extensions, APPROVAL_REQUIRED, where),
        budget(extensions, where),
        bool(extensions, PUBLISH, where));
  }

  private static Boolean bool(Map<String, Object> extensions, String key, String where) throws SpecException {
    if (!extensions.containsKey(key)) {
      return null;
    }
    Object v = extensions.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new SpecException(where + ": " + key + " must be true or false (got " + describe(v) + ")");
  }

  private static Long budget(Map<String, Object> extensions, String where) throws SpecException {
    if (!extensions.containsKey(BUDGET_LIMIT)) {
      return null;
    }
    Object v = extensions.get(BUDGET_LIMIT);
    BigInteger n = null;
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      n = BigInteger.valueOf(((Number) v).longValue());
    } else if (v instanceof BigInteger b) {
      n = b;
    } else if (v instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
      n = d.toBigIntegerExact();
    }
    if (n == null || n.signum() < 0 || n.bitLength() > 63) {
      throw new SpecException(
          where + ": " + BUDGET_LIMIT + " must be a non-negative integer amount in minor units (got " + describe(v) + ")");
    }
    return n.longValue();
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(v);
  }
}
