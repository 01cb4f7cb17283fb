package io.chio.kernel;

import io.chio.core.receipt.ChioReceipt;
import io.chio.kernel.approval.ApprovalRequest;
import java.util.Objects;

/**
 * The kernel's answer to one {@link ToolCallRequest}. Every verdict carries the one signed,
 * persisted {@code mediated_decision} receipt of its evaluation. Switch on {@link #kind()}.
 */
public sealed interface Verdict {
  enum Kind {
    ALLOW("allow"),
    DENY("deny"),
    PENDING_APPROVAL("pending_approval");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** {@code allow}, {@code deny} or {@code pending_approval}. */
    public String wire() {
      return wire;
    }
  }

  Kind kind();

  ChioReceipt receipt();

  /** The verdict's entry in the error registry ({@code urn:chio:error:none} for a plain allow). */
  ReasonCode reasonCode();

  /** The call may be dispatched; report its outcome with {@link Kernel#complete}. */
  record Allow(ChioReceipt receipt, Invocation invocation) implements Verdict {
    public Allow {
      Objects.requireNonNull(receipt, "receipt");
      Objects.requireNonNull(invocation, "invocation");
    }

    @Override
    public Kind kind() {
      return Kind.ALLOW;
    }

    @Override
    public ReasonCode reasonCode() {
      return invocation.inputRedacted() ? ReasonCode.INPUT_REDACTED : ReasonCode.NONE;
    }
  }

  /**
   * The call must not run. {@code reason} is the human text (KERNEL.md wording), {@code guard}
   * the guard or kernel step that decided ({@code capability}, {@code scope}, {@code budget},
   * ..., or a guard name).
   */
  record Deny(DenyKind denyKind, String reason, String guard, ChioReceipt receipt) implements Verdict {
    public Deny {
      Objects.requireNonNull(denyKind, "denyKind");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(guard, "guard");
      Objects.requireNonNull(receipt, "receipt");
    }

    @Override
    public Kind kind() {
      return Kind.DENY;
    }

    @Override
    public ReasonCode reasonCode() {
      return denyKind.reasonCode();
    }

    /** {@code CHIO-KERNEL-<KIND>}. */
    public String code() {
      return denyKind.code();
    }
  }

  /** A human must approve {@code request} first; resubmit the same call with their approval token. */
  record PendingApproval(ApprovalRequest request, String reason, String guard, ChioReceipt receipt) implements Verdict {
    public PendingApproval {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(guard, "guard");
      Objects.requireNonNull(receipt, "receipt");
    }

    @Override
    public Kind kind() {
      return Kind.PENDING_APPROVAL;
    }

    @Override
    public ReasonCode reasonCode() {
      return ReasonCode.APPROVAL_PENDING;
    }
  }
}
