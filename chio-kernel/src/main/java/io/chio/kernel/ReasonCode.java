package io.chio.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * The error registry: every reason the kernel gives for a decision, as a stable {@code
 * urn:chio:error:<domain>:<name>} for programs. The URNs shared with the reference registry (the
 * verdict-matrix conformance scenarios compare them) are marked {@link #reference()}; the others are
 * this implementation's own and live in the same namespace. Documented in {@code docs/errors.md}.
 *
 * <p>{@link #outcome()} is the verdict class the code belongs to: {@code allow} codes explain an
 * allowed call (e.g. redacted input), {@code deny} codes a refusal after evaluation, {@code error}
 * codes a fail-closed refusal because something needed for the evaluation was missing or failed.
 * The kernel's verdict for an {@code error} code is still a deny.
 */
public enum ReasonCode {
  NONE("urn:chio:error:none", Outcome.ALLOW, true, "Nothing to report: the call was allowed unchanged."),
  INPUT_REDACTED("urn:chio:error:guard:input-redacted", Outcome.ALLOW, true,
      "A guard redacted sensitive input before it reached the tool; the tool received the redacted arguments."),
  OUTPUT_REDACTED("urn:chio:error:guard:output-redacted", Outcome.ALLOW, true,
      "A response guard redacted sensitive output before the agent saw it."),
  APPROVAL_PENDING("urn:chio:error:kernel:approval-pending", Outcome.PENDING, false,
      "A human must approve the call; resubmit it with their approval token."),

  CAPABILITY_MISSING("urn:chio:error:kernel:request-incomplete", Outcome.ERROR, true, "The request carries no capability."),
  CAPABILITY_MALFORMED("urn:chio:error:capability:malformed", Outcome.DENY, false, "The capability token is not a valid chio.capability.v1 document."),
  ALGORITHM_UNSUPPORTED("urn:chio:error:capability:algorithm-unsupported", Outcome.DENY, false,
      "The capability is signed with an algorithm this kernel does not accept (Ed25519 only)."),
  SIGNATURE_INVALID("urn:chio:error:capability:signature-invalid", Outcome.DENY, true, "The capability signature does not verify."),
  ISSUER_UNTRUSTED("urn:chio:error:capability:issuer-untrusted", Outcome.DENY, false, "The capability issuer is not a trusted issuer."),
  CAPABILITY_EXPIRED("urn:chio:error:capability:expired", Outcome.DENY, true, "The capability expired before the call."),
  CAPABILITY_NOT_YET_VALID("urn:chio:error:capability:not-yet-valid", Outcome.DENY, true,
      "The capability is not valid yet: it is issued after the kernel's current time."),
  CAPABILITY_REVOKED("urn:chio:error:capability:revoked", Outcome.DENY, true,
      "The capability, or a capability in its delegation chain, is revoked."),
  DELEGATION_INVALID("urn:chio:error:capability:delegation-invalid", Outcome.DENY, false,
      "The delegation chain is invalid: a link signature, the delegator/delegatee linkage, timestamp order, depth or attenuation."),
  SUBJECT_MISMATCH("urn:chio:error:capability:subject-mismatch", Outcome.DENY, true, "The calling agent is not the capability's subject."),
  SCOPE_EXCEEDED("urn:chio:error:capability:scope-exceeded", Outcome.DENY, true, "No grant of the capability covers the requested tool call."),
  ARGUMENTS_MALFORMED("urn:chio:error:kernel:arguments-malformed", Outcome.DENY, false,
      "The call's arguments are malformed for the tool (e.g. a path that is not a string)."),
  PROOF_INVALID("urn:chio:error:dpop:proof-invalid", Outcome.DENY, false,
      "The DPoP proof is malformed, bound to another call or key, or its signature does not verify."),
  REPLAY_DETERMINISTIC_MISMATCH("urn:chio:error:replay:deterministic-mismatch", Outcome.DENY, true,
      "The proof of possession is a replay: its nonce was already used, or it is outside its freshness window."),
  REPLAY_TRACE_NOT_FOUND("urn:chio:error:replay:trace-not-found", Outcome.ERROR, true,
      "The grant requires a proof of possession (DPoP) and the request carries none."),
  CURRENCY_MISMATCH("urn:chio:error:kernel:currency-mismatch", Outcome.DENY, false,
      "The call's governed amount, or the grant's cost caps, are in different currencies."),
  BUDGET_EXHAUSTED("urn:chio:error:kernel:budget-exhausted", Outcome.DENY, true, "The grant's invocation or cost budget is exhausted."),
  GUARD_DENIED("urn:chio:error:guard:denied", Outcome.DENY, true, "A guard denied the request or its response."),
  GUARD_FAILED("urn:chio:error:guard:evaluation-failed", Outcome.ERROR, false,
      "A guard threw, returned nothing or overran its deadline (fail-closed)."),
  APPROVAL_INVALID("urn:chio:error:kernel:approval-invalid", Outcome.DENY, false,
      "The approval token is forged, expired, already used or bound to other parameters."),
  STORE_UNAVAILABLE("urn:chio:error:kernel:store-unavailable", Outcome.ERROR, false,
      "A revocation, budget or approval store failed (fail-closed)."),
  RECEIPT_LOG_UNAVAILABLE("urn:chio:error:kernel:receipt-log-unavailable", Outcome.ERROR, false,
      "The receipt could not be persisted, so the decision stands as a deny (fail-closed)."),
  CLOCK_REWOUND("urn:chio:error:kernel:clock-rewound", Outcome.ERROR, false,
      "The kernel's clock reads earlier than a time it already decided at, so no time bound can be trusted (fail-closed)."),
  INTERNAL_ERROR("urn:chio:error:kernel:internal-error", Outcome.ERROR, true, "The kernel hit an internal error (fail-closed)."),
  TOOL_FAILED("urn:chio:error:provider:tool-server-error", Outcome.ERROR, true, "The tool failed or timed out after it was allowed."),
  REQUEST_CANCELLED("urn:chio:error:kernel:request-cancelled", Outcome.ERROR, true, "The call was cancelled after it was allowed.");

  /** The verdict class of a code, as the verdict-matrix tuple names it. */
  public enum Outcome {
    ALLOW("allow"),
    DENY("deny"),
    ERROR("error"),
    PENDING("pending_approval");

    private final String wire;

    Outcome(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  private final String urn;
  private final Outcome outcome;
  private final boolean reference;
  private final String summary;

  ReasonCode(String urn, Outcome outcome, boolean reference, String summary) {
    this.urn = urn;
    this.outcome = outcome;
    this.reference = reference;
    this.summary = summary;
  }

  /** {@code urn:chio:error:<domain>:<name>}. */
  public String urn() {
    return urn;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** True when the URN is the reference registry's; false when it is this implementation's own. */
  public boolean reference() {
    return reference;
  }

  /** One sentence: what happened. */
  public String summary() {
    return summary;
  }

  /** The code with this URN, if registered. */
  public static Optional<ReasonCode> fromUrn(String urn) {
    Objects.requireNonNull(urn, "urn");
    for (ReasonCode c : values()) {
      if (c.urn.equals(urn)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
