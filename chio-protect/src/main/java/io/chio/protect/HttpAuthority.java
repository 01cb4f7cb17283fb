package io.chio.protect;

import io.chio.core.ChioFormatException;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.CapabilityVerification;
import io.chio.core.capability.CapabilityVerifier;
import io.chio.core.capability.Operation;
import io.chio.core.capability.TimeStatus;
import io.chio.core.capability.ToolGrant;
import io.chio.core.capability.VerifiedTokenCache;
import io.chio.core.receipt.GuardEvidence;
import io.chio.core.receipt.HttpRequestHashes;
import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.BudgetLimits;
import io.chio.kernel.store.BudgetStore;
import io.chio.kernel.store.PreCharge;
import io.chio.kernel.store.RevocationStore;
import io.chio.kernel.store.StoreException;
import io.chio.protect.route.Route;
import io.chio.protect.route.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides one HTTP call, in the kernel's order (KERNEL.md section 2) as it applies to HTTP: route
 * and policy, capability (parse, signature, trusted issuer, time, revocation, chain), scope, budget
 * pre-charge, approval. Fail closed: every error is a denial with its reason, never an allow.
 * Thread-safe.
 */
final class HttpAuthority {
  static final String GUARD_ROUTE = "http-route";
  static final String GUARD_CAPABILITY = "http-capability";
  static final String GUARD_BUDGET = "http-budget";
  static final String GUARD_APPROVAL = "http-approval";
  static final String GUARD_REQUEST = "http-request";

  private final String serverId;
  private final RouteTable routes;
  private final VerifiedTokenCache tokens;
  private final BudgetStore budgets;
  private final RevocationStore revocations;
  private final HttpApprovals approvals;

  HttpAuthority(
      String serverId, RouteTable routes, CapabilityVerifier verifier, BudgetStore budgets, RevocationStore revocations,
      HttpApprovals approvals) {
    this.serverId = Objects.requireNonNull(serverId, "serverId");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.tokens = new VerifiedTokenCache(Objects.requireNonNull(verifier, "verifier"), 4096);
    this.budgets = Objects.requireNonNull(budgets, "budgets");
    this.revocations = revocations;
    this.approvals = Objects.requireNonNull(approvals, "approvals");
  }

  RouteTable routes() {
    return routes;
  }

  /** Mutable state of one evaluation, turned into an {@link Evaluation} at the end. */
  private final class Run {
    final HttpCall call;
    final long now;
    final boolean dryRun;
    final Route route;
    final String pattern;
    final String contentHash;
    final List<GuardEvidence> evidence = new ArrayList<>();
    String capabilityId;
    String subjectHex;
    long cost;
    BudgetHold hold;

    Run(HttpCall call, long now, boolean dryRun) {
      this.call = call;
      this.now = now;
      this.dryRun = dryRun;
      this.route = routes.match(call.method().wire(), call.target().segments());
      this.pattern = route != null ? route.pattern() : call.target().path();
      this.contentHash =
          HttpRequestHashes.contentHash(call.method(), pattern, call.target().path(), call.target().query(), call.body());
    }

    Evaluation allow() {
      return new Evaluation(
          call.method(), route, pattern, contentHash, call.callerIdentityHash(), evidence, capabilityId, subjectHex, cost,
          hold, null, null);
    }

    Evaluation deny(Denial d) {
      return deny(d, null);
    }

    Evaluation deny(Denial d, HttpApprovals.Approval approval) {
      evidence.add(GuardEvidence.fail(d.guard(), d.reason()));
      releaseHold();
      return new Evaluation(
          call.method(), route, pattern, contentHash, call.callerIdentityHash(), evidence, capabilityId, subjectHex, cost,
          null, d, approval);
    }

    void releaseHold() {
      if (hold != null) {
        try {
          budgets.reverse(hold);
        } catch (StoreException e) {
          // The call is denied either way; an unreversed hold only errs on the side of less budget.
        }
        hold = null;
      }
    }
  }

  /**
   * Evaluates {@code call} at {@code nowEpochSeconds}.
   *
   * @param dryRun for {@code /chio/evaluate}: no budget is consumed and no approval is opened or used
   */
  Evaluation evaluate(HttpCall call, long nowEpochSeconds, boolean dryRun) {
    Run run = new Run(call, nowEpochSeconds, dryRun);
    try {
      return decide(run);
    } catch (RuntimeException e) {
      // Fail closed on anything unexpected; the receipt records what went wrong.
      return run.deny(Denial.failed("evaluation error (fail-closed): " + e, GUARD_REQUEST));
    }
  }

  private Evaluation decide(Run run) {
    HttpCall call = run.call;
    String what = call.method().wire() + " " + run.pattern;
    Route route = run.route;
    boolean needsCapability;
    if (route != null) {
      needsCapability = route.requiresCapability();
      StringBuilder d = new StringBuilder(what);
      if (route.operationId() != null) {
        d.append(" (operation ").append(route.operationId()).append(")");
      }
      d.append(needsCapability ? ": DenyByDefault, capability required" : ": SessionAllow");
      if (route.extensions().sensitivity() != null) {
        d.append("; sensitivity ").append(route.extensions().sensitivity().wireName());
      }
      if (route.extensions().isApprovalRequired()) {
        d.append("; approval required");
      }
      run.evidence.add(GuardEvidence.pass(GUARD_ROUTE, d.toString()));
    } else {
      needsCapability = !call.method().isSafe();
      run.evidence.add(
          GuardEvidence.pass(
              GUARD_ROUTE,
              "no route in the spec matches " + what + "; method default: "
                  + (needsCapability ? "DenyByDefault, capability required" : "SessionAllow")));
    }
    if (!needsCapability) {
      return run.allow();
    }

    // Capability.
    if (call.capabilities().isEmpty()) {
      return run.deny(Denial.forbidden(what + " needs a capability and none was presented", GUARD_CAPABILITY, Denial.CAPABILITY_SUGGESTION));
    }
    if (call.capabilities().size() > 1) {
      return run.deny(Denial.badRequest("more than one capability presented (header and/or query); present exactly one", GUARD_CAPABILITY));
    }
    byte[] json = PresentedCapability.jsonBytes(call.capabilities().get(0));
    if (json == null) {
      return run.deny(Denial.forbidden("capability is neither token JSON nor base64url of it", GUARD_CAPABILITY, Denial.CAPABILITY_SUGGESTION));
    }
    VerifiedTokenCache.Result verified;
    try {
      verified = tokens.verify(json, run.now);
    } catch (ChioFormatException e) {
      return run.deny(Denial.forbidden("capability token is malformed: " + e.getMessage(), GUARD_CAPABILITY, Denial.CAPABILITY_SUGGESTION));
    }
    CapabilityToken token = verified.token();
    CapabilityVerification v = verified.verification();
    if (!v.signatureValid()) {
      return run.deny(Denial.forbidden("capability signature does not verify", GUARD_CAPABILITY, Denial.CAPABILITY_SUGGESTION));
    }
    if (!v.trusted()) {
      return run.deny(Denial.forbidden("capability issuer is not trusted", GUARD_CAPABILITY, Denial.CAPABILITY_SUGGESTION));
    }
    // From here on the token is authentic: its id and subject may go into the receipt.
    run.capabilityId = token.id();
    run.subjectHex = token.subject().toHex();
    if (v.timeStatus() == TimeStatus.EXPIRED) {
      return run.deny(Denial.forbidden("capability has expired", GUARD_CAPABILITY, "request a fresh capability"));
    }
    if (v.timeStatus() != TimeStatus.VALID) {
      return run.deny(Denial.forbidden("capability is not yet valid", GUARD_CAPABILITY, null));
    }
    if (revocations != null) {
      try {
        if (revocations.anyRevoked(token.revocationIds())) {
          return run.deny(Denial.forbidden("capability has been revoked", GUARD_CAPABILITY, "request a fresh capability"));
        }
      } catch (StoreException e) {
        return run.deny(Denial.failed("revocation check failed (fail-closed): " + e.getMessage(), GUARD_CAPABILITY));
      }
    }
    if (!v.delegationChainShapeValid()) {
      return run.deny(Denial.forbidden("capability delegation chain is invalid", GUARD_CAPABILITY, null));
    }

    // Scope.
    Optional<Integer> grantIndex = matchGrant(token, call, run);
    if (grantIndex.isEmpty()) {
      return run.deny(
          Denial.forbidden(
              "requested " + call.method().wire() + " " + call.target().path() + " on server " + serverId
                  + " is not in capability scope (granted: " + grantedHere(token) + ")",
              GUARD_CAPABILITY,
              "request a capability whose http scope covers this method and path"));
    }
    int index = grantIndex.get();
    ToolGrant grant = token.scope().grants().get(index);
    run.evidence.add(
        GuardEvidence.pass(
            GUARD_CAPABILITY, "capability " + token.id() + " authorizes " + what + " (grant " + index + ": " + grant.toolName() + ")"));

    // Budget.
    Evaluation budgetDenial = budget(run, grant, index);
    if (budgetDenial != null) {
      return budgetDenial;
    }

    // Approval.
    if (route != null && route.extensions().isApprovalRequired()) {
      Evaluation approvalOutcome = approval(run);
      if (approvalOutcome != null) {
        return approvalOutcome;
      }
    }
    if (run.dryRun) {
      run.releaseHold();
    }
    return run.allow();
  }

  /** The first grant covering the call, exact server id before {@code *}; grants chio cannot enforce are skipped. */
  private Optional<Integer> matchGrant(CapabilityToken token, HttpCall call, Run run) {
    List<ToolGrant> grants = token.scope().grants();
    Integer wildcard = null;
    for (int i = 0; i < grants.size(); i++) {
      ToolGrant g = grants.get(i);
      if (!HttpScope.covers(g, serverId, call.method().wire(), call.target().segments())) {
        continue;
      }
      if (!g.operations().contains(Operation.INVOKE)) {
        run.evidence.add(GuardEvidence.fail(GUARD_CAPABILITY, "grant " + i + " covers the request but lacks the invoke operation"));
        continue;
      }
      if (!g.constraints().isEmpty()) {
        // Argument constraints have no HTTP meaning here; an unenforceable grant authorizes nothing.
        run.evidence.add(GuardEvidence.fail(GUARD_CAPABILITY, "grant " + i + " has constraints the HTTP edge cannot enforce"));
        continue;
      }
      if (g.requiresDpop()) {
        run.evidence.add(GuardEvidence.fail(GUARD_CAPABILITY, "grant " + i + " requires DPoP, which the HTTP edge does not accept"));
        continue;
      }
      if (g.serverId().equals(serverId)) {
        return Optional.of(i);
      }
      if (wildcard == null) {
        wildcard = i;
      }
    }
    return Optional.ofNullable(wildcard);
  }

  private String grantedHere(CapabilityToken token) {
    List<String> names = new ArrayList<>();
    for (ToolGrant g : token.scope().grants()) {
      if (g.serverId().equals(serverId) || g.serverId().equals("*")) {
        names.add(g.toolName());
      }
    }
    return names.isEmpty() ? "nothing on this server" : String.join(", ", names);
  }

  private Evaluation budget(Run run, ToolGrant grant, int index) {
    Long limit = run.route == null ? null : run.route.extensions().budgetLimit();
    String declared = run.call.declaredCost();
    long cost;
    if (declared != null) {
      try {
        cost = Long.parseLong(declared.strip());
      } catch (NumberFormatException e) {
        cost = -1;
      }
      if (cost < 0) {
        return run.deny(Denial.badRequest(Headers.COST + " must be a non-negative integer amount in minor units", GUARD_BUDGET));
      }
      if (limit != null && cost > limit) {
        return run.deny(
            Denial.forbidden("invocation cost " + cost + " exceeds the route's budget limit " + limit, GUARD_BUDGET, null));
      }
    } else {
      // No declaration: hold the most the route allows per call; settled after the upstream answers.
      cost = limit == null ? 0 : limit;
    }
    run.cost = cost;
    boolean limited = grant.maxInvocations() != null || grant.maxCostPerInvocation() != null || grant.maxTotalCost() != null;
    if (limited) {
      String currency =
          grant.maxTotalCost() != null
              ? grant.maxTotalCost().currency()
              : grant.maxCostPerInvocation() != null ? grant.maxCostPerInvocation().currency() : null;
      BudgetLimits limits =
          new BudgetLimits(
              grant.maxInvocations(),
              grant.maxCostPerInvocation() == null ? null : grant.maxCostPerInvocation().units(),
              grant.maxTotalCost() == null ? null : grant.maxTotalCost().units(),
              currency);
      PreCharge pc;
      try {
        pc = budgets.preCharge(new BudgetKey(run.capabilityId, index), limits, cost);
      } catch (StoreException e) {
        return run.deny(Denial.failed("budget store failed (fail-closed): " + e.getMessage(), GUARD_BUDGET));
      }
      if (pc instanceof PreCharge.Exhausted ex) {
        return run.deny(Denial.forbidden("budget exhausted: " + ex.reason(), GUARD_BUDGET, "request a capability with more budget"));
      }
      run.hold = ((PreCharge.Charged) pc).hold();
    }
    run.evidence.add(
        GuardEvidence.pass(
            GUARD_BUDGET,
            "invocation cost " + cost + (limit == null ? " (route has no budget limit)" : " under limit " + limit)
                + (limited ? "; charged to grant " + index : "; grant has no budget limits")));
    return null;
  }

  private Evaluation approval(Run run) {
    HttpCall call = run.call;
    HttpApprovals.Call bound =
        new HttpApprovals.Call(
            serverId, run.capabilityId, call.method().wire(), run.pattern, call.target().path(), run.contentHash,
            call.callerIdentityHash());
    String reason = call.method().wire() + " " + run.pattern + " is marked x-chio-approval-required";
    if (run.dryRun) {
      return run.deny(new Denial(409, Denial.APPROVAL_REQUIRED, reason, GUARD_APPROVAL, "an operator must approve this call"));
    }
    if (call.approvalId() == null) {
      return pending(run, bound, reason);
    }
    HttpApprovals.Redemption r = approvals.redeem(call.approvalId().strip(), bound, run.now);
    return switch (r) {
      case GRANTED -> {
        run.evidence.add(GuardEvidence.pass(GUARD_APPROVAL, "approval " + call.approvalId().strip() + " granted by the operator"));
        yield null;
      }
      case PENDING -> {
        HttpApprovals.Approval a = approvals.get(call.approvalId().strip()).orElseThrow();
        yield run.deny(
            new Denial(409, Denial.APPROVAL_REQUIRED, "approval " + a.id() + " is still pending", GUARD_APPROVAL, "retry after an operator approves"),
            a);
      }
      case DENIED -> run.deny(Denial.forbidden("approval " + call.approvalId().strip() + " was denied by the operator", GUARD_APPROVAL, null));
      case EXPIRED -> run.deny(Denial.forbidden("approval " + call.approvalId().strip() + " has expired", GUARD_APPROVAL, "retry without X-Chio-Approval-Id to request a new approval"));
      case ALREADY_USED -> run.deny(Denial.forbidden("approval " + call.approvalId().strip() + " has already been used", GUARD_APPROVAL, "retry without X-Chio-Approval-Id to request a new approval"));
      case UNKNOWN -> run.deny(Denial.forbidden("no approval " + call.approvalId().strip() + " exists", GUARD_APPROVAL, null));
      case MISMATCH -> run.deny(Denial.forbidden("approval " + call.approvalId().strip() + " was granted for a different call", GUARD_APPROVAL, null));
    };
  }

  private Evaluation pending(Run run, HttpApprovals.Call bound, String reason) {
    Optional<HttpApprovals.Approval> opened = approvals.open(bound, reason, run.now);
    if (opened.isEmpty()) {
      return run.deny(new Denial(503, Denial.EVALUATION_FAILED, "too many pending approvals (fail-closed)", GUARD_APPROVAL, "retry later"));
    }
    HttpApprovals.Approval a = opened.get();
    return run.deny(
        new Denial(409, Denial.APPROVAL_REQUIRED, reason + "; approval " + a.id() + " is pending", GUARD_APPROVAL,
            "an operator approves it with POST /approvals/" + a.id() + "/respond; then repeat the call with X-Chio-Approval-Id: " + a.id()),
        a);
  }
}
