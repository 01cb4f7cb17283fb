package io.chio.core.receipt;

/**
 * The receipt consistency rules (WIRE.md section 4), enforced when signing and when verifying. A
 * receipt kind fixes its boundary class, whether it carries a decision or an observation outcome,
 * and its trust level; anything else is a receipt that must not exist.
 */
final class Consistency {
  private Consistency() {}

  /** Null when consistent, else a one-line description of the broken rule. */
  static String violation(
      ReceiptKind kind, BoundaryClass boundary, ObservationOutcome outcome, Decision decision, TrustLevel trust) {
    if (boundary == BoundaryClass.CANNOT_SEE) {
      return kind.wire() + " receipts cannot use cannot_see as a signed runtime boundary";
    }
    return switch (kind) {
      case MEDIATED_DECISION -> {
        if (boundary != BoundaryClass.PREVENT || outcome != null || decision == null) {
          yield "mediated_decision receipts require the prevent boundary, a decision and no observation_outcome";
        }
        yield trust == TrustLevel.MEDIATED ? null : "mediated_decision receipts require trust_level mediated";
      }
      case TRACE_OBSERVATION -> {
        if (decision != null) {
          yield "trace_observation receipts must not carry a decision (got " + decision.verdict() + ")";
        }
        if (boundary != BoundaryClass.DETECT_ONLY || outcome == null) {
          yield "trace_observation receipts require the detect_only boundary and an observation_outcome";
        }
        yield trust == TrustLevel.VERIFIED ? null : "trace_observation receipts require trust_level verified";
      }
      case ADVISORY_EVALUATION -> {
        if (decision != null) {
          yield "advisory_evaluation receipts must not carry a decision (got " + decision.verdict() + ")";
        }
        if (boundary != BoundaryClass.ADVISORY_ONLY || outcome == null) {
          yield "advisory_evaluation receipts require the advisory_only boundary and an observation_outcome";
        }
        yield trust == TrustLevel.ADVISORY ? null : "advisory_evaluation receipts require trust_level advisory";
      }
    };
  }
}
