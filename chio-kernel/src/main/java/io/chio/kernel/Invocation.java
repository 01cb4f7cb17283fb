package io.chio.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
  private final boolean inputRedacted;
  private final AtomicBoolean completed = new AtomicBoolean();

  Invocation(ToolCallRequest request, String capabilityId, int grantIndex, ToolGrant grant, BudgetHold hold,
      GuardContext guardContext, String decisionReceiptId, boolean inputRedacted) {
    this.request = request;
    this.capabilityId = capabilityId;
    this.grantIndex = grantIndex;
    this.grant = grant;
    this.hold = hold;
    this.guardContext = guardContext;
    this.decisionReceiptId = decisionReceiptId;
    this.inputRedacted = inputRedacted;
  }

  /**
   * A copy of the arguments the tool must be called with: the agent's, or the redacted ones when a
   * guard redacted them ({@link #inputRedacted()}). An edge that dispatches anything else bypasses
   * the redaction.
   */
  public ObjectNode arguments() {
    return guardContext.call().arguments().deepCopy();
  }

  /** True when a guard redacted the arguments ({@code urn:chio:error:guard:input-redacted}). */
  public boolean inputRedacted() {
    return inputRedacted;
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
