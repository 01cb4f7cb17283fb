package io.chio.kernel;

/**
 * Why the kernel denied a call, for programs: {@link #code()} is {@code CHIO-KERNEL-<KIND>} (e.g.
 * {@code CHIO-KERNEL-OUT-OF-SCOPE}) and {@link #reasonCode()} its entry in the error registry
 * ({@code urn:chio:error:...}); the human reason travels next to them.
 */
public enum DenyKind {
  CAPABILITY_MISSING(ReasonCode.CAPABILITY_MISSING),
  CAPABILITY_MALFORMED(ReasonCode.CAPABILITY_MALFORMED),
  ALGORITHM_UNSUPPORTED(ReasonCode.ALGORITHM_UNSUPPORTED),
  SIGNATURE_INVALID(ReasonCode.SIGNATURE_INVALID),
  UNTRUSTED_ISSUER(ReasonCode.ISSUER_UNTRUSTED),
  CAPABILITY_EXPIRED(ReasonCode.CAPABILITY_EXPIRED),
  CAPABILITY_NOT_YET_VALID(ReasonCode.CAPABILITY_NOT_YET_VALID),
  CAPABILITY_REVOKED(ReasonCode.CAPABILITY_REVOKED),
  DELEGATION_INVALID(ReasonCode.DELEGATION_INVALID),
  SUBJECT_MISMATCH(ReasonCode.SUBJECT_MISMATCH),
  OUT_OF_SCOPE(ReasonCode.SCOPE_EXCEEDED),
  MALFORMED_ARGUMENTS(ReasonCode.ARGUMENTS_MALFORMED),
  /** The matched grant requires a DPoP proof and the request has none. */
  DPOP_MISSING(ReasonCode.REPLAY_TRACE_NOT_FOUND),
  /** Malformed, bound to another call or key, or badly signed. */
  DPOP_INVALID(ReasonCode.PROOF_INVALID),
  /** Its {@code (nonce, capability_id)} was already used within the proof lifetime. */
  DPOP_REPLAYED(ReasonCode.REPLAY_DETERMINISTIC_MISMATCH),
  /**
   * Issued before {@code now - ttl} or after {@code now + skew}: outside the window in which the
   * replay cache could tell a first use from a replay, so it is refused as one.
   */
  DPOP_STALE(ReasonCode.REPLAY_DETERMINISTIC_MISMATCH),
  CURRENCY_MISMATCH(ReasonCode.CURRENCY_MISMATCH),
  BUDGET_EXHAUSTED(ReasonCode.BUDGET_EXHAUSTED),
  GUARD_DENIED(ReasonCode.GUARD_DENIED),
  GUARD_ERROR(ReasonCode.GUARD_FAILED),
  APPROVAL_INVALID(ReasonCode.APPROVAL_INVALID),
  STORE_FAILURE(ReasonCode.STORE_UNAVAILABLE),
  RECEIPT_LOG_FAILURE(ReasonCode.RECEIPT_LOG_UNAVAILABLE),
  /** The clock went backwards by more than the tolerated rewind; see {@link Kernel.Builder#maxClockRewind}. */
  CLOCK_REWOUND(ReasonCode.CLOCK_REWOUND),
  INTERNAL_ERROR(ReasonCode.INTERNAL_ERROR);

  private final ReasonCode reasonCode;

  DenyKind(ReasonCode reasonCode) {
    this.reasonCode = reasonCode;
  }

  public String code() {
    return "CHIO-KERNEL-" + name().replace('_', '-');
  }

  /** The registry entry for this kind of deny. */
  public ReasonCode reasonCode() {
    return reasonCode;
  }
}
