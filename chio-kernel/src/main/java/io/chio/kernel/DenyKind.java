package io.chio.kernel;

/**
 * Why the kernel denied a call, for programs: {@link #code()} is {@code CHIO-KERNEL-<KIND>} (e.g.
 * {@code CHIO-KERNEL-OUT-OF-SCOPE}); the human reason travels next to it.
 */
public enum DenyKind {
  CAPABILITY_MISSING,
  CAPABILITY_MALFORMED,
  ALGORITHM_UNSUPPORTED,
  SIGNATURE_INVALID,
  UNTRUSTED_ISSUER,
  CAPABILITY_EXPIRED,
  CAPABILITY_NOT_YET_VALID,
  CAPABILITY_REVOKED,
  DELEGATION_INVALID,
  SUBJECT_MISMATCH,
  OUT_OF_SCOPE,
  MALFORMED_ARGUMENTS,
  DPOP_INVALID,
  CURRENCY_MISMATCH,
  BUDGET_EXHAUSTED,
  GUARD_DENIED,
  GUARD_ERROR,
  APPROVAL_INVALID,
  STORE_FAILURE,
  RECEIPT_LOG_FAILURE,
  INTERNAL_ERROR;

  public String code() {
    return "CHIO-KERNEL-" + name().replace('_', '-');
  }
}
