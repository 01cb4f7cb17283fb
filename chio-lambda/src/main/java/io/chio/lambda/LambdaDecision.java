package io.chio.lambda;

import io.chio.core.receipt.ChioReceipt;
import java.util.Objects;

/**
 * The answer to one evaluation, with its signed decision receipt. {@code reason}, {@code guard}
 * and {@code code} are null for an allow; {@code approvalId} is set for a pending approval.
 */
public record LambdaDecision(Outcome outcome, String reason, String guard, String code, ChioReceipt receipt, String approvalId) {
  public LambdaDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(receipt, "receipt");
  }

  public enum Outcome {
    ALLOW("allow"),
    DENY("deny"),
    PENDING_APPROVAL("pending_approval");

    private final String wire;

    Outcome(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  public boolean denied() {
    return outcome != Outcome.ALLOW;
  }

  public String receiptId() {
    return receipt.id();
  }
}
