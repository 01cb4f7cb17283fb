package io.chio.protect;

import io.chio.core.receipt.GuardEvidence;
import io.chio.core.receipt.HttpMethod;
import io.chio.kernel.store.BudgetHold;
import io.chio.protect.route.Route;
import java.util.List;

/**
 * The outcome of evaluating one call: allowed (denial null) or not, with the evidence every receipt
 * of the call carries.
 *
 * @param route the matched route, or null for the method-based default
 * @param routePattern the matched pattern, or the literal path when no route matched
 * @param capabilityId the verified capability's id, or null
 * @param subjectHex the verified capability's subject key, or null
 * @param costUnits the cost held against the budget (0 when nothing is held)
 * @param hold the budget pre-charge to settle after the call, or null
 * @param approval the approval a 409 names, or null
 */
record Evaluation(
    HttpMethod method,
    Route route,
    String routePattern,
    String contentHash,
    String callerIdentityHash,
    List<GuardEvidence> evidence,
    String capabilityId,
    String subjectHex,
    long costUnits,
    BudgetHold hold,
    Denial denial,
    HttpApprovals.Approval approval) {

  Evaluation {
    evidence = List.copyOf(evidence);
  }

  boolean allowed() {
    return denial == null;
  }
}
