package io.chio.kernel;

import io.chio.core.capability.ToolGrant;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.store.BudgetHold;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An allowed call in flight: what {@link Kernel#complete} needs to finish it. Opaque to callers
 * apart from a few facts; completes exactly once.
 */
public final class Invocation {
  private final ToolCallRequest request;
  private final String capabilityId;
  private final int grantIndex;
  private final ToolGrant grant;
  private final BudgetHold hold;
  private final GuardContext guardContext;
  private final String decisionReceiptId;
  private final AtomicBoolean completed = new AtomicBoolean();

  Invocation(ToolCallRequest request, String capabilityId, int grantIndex, ToolGrant grant, BudgetHold hold,
      GuardContext guardContext, String decisionReceiptId) {
    this.request = request;
    this.capabilityId = capabilityId;
    this.grantIndex = grantIndex;
    this.grant = grant;
    this.hold = hold;
    this.guardContext = guardContext;
    this.decisionReceiptId = decisionReceiptId;
  }

  public String requestId() {
    return request.requestId();
  }

  public String capabilityId() {
    return capabilityId;
  }

  /** Index of the matched grant in the capability's scope. */
  public int grantIndex() {
    return grantIndex;
  }

  public ToolGrant grant() {
    return grant;
  }

  /** The budget hold taken at pre-charge, or null when the grant has no limits. */
  public BudgetHold hold() {
    return hold;
  }

  /** Id of the receipt that allowed this call. */
  public String decisionReceiptId() {
    return decisionReceiptId;
  }

  ToolCallRequest request() {
    return request;
  }

  GuardContext guardContext() {
    return guardContext;
  }

  /** Marks the invocation completed; false when it already was. */
  boolean markCompleted() {
    return completed.compareAndSet(false, true);
  }
}
