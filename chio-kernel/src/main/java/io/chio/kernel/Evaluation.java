package io.chio.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.CapabilityVerification;
import io.chio.core.capability.MonetaryAmount;
import io.chio.core.capability.ToolGrant;
import io.chio.core.capability.VerifiedTokenCache;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.GuardEvidence;
import io.chio.core.receipt.RedactionMode;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.approval.ApprovalException;
import io.chio.kernel.approval.ApprovalGate;
import io.chio.kernel.approval.ApprovalRequest;
import io.chio.kernel.dpop.DpopException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.ToolCall;
import io.chio.kernel.scope.CallView;
import io.chio.kernel.scope.ScopeMatcher;
import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.BudgetLimits;
import io.chio.kernel.store.PreCharge;
import io.chio.kernel.store.StoreException;
import java.util.List;
import java.util.Locale;

/**
 * One evaluation of one request: KERNEL.md section 2, steps 1 to 9 plus the approval gate, written
 * once, in order. Each step either passes or ends the evaluation with a deny; any exception is an
 * internal-error deny. A budget hold taken at step 8 is reversed whenever the result is not allow.
 */
final class Evaluation {
  private final Kernel k;
  private final ToolCallRequest req;
  private final long nowMillis;
  private final long now;
  private final ObjectNode meta = Json.object();
  private List<GuardEvidence> evidence = List.of();
  private String capabilityId;
  private BudgetHold hold;
  /** {@code sha256_hex(canonical(arguments))}, or null when the arguments cannot be canonicalized. */
  private final String parameterHash;
  /** What the receipt records: the arguments, or the redacted arguments once a guard redacted them. */
  private ObjectNode receiptParameters;
  private boolean inputRedacted;

  /** A decision before it is signed. */
  private sealed interface Outcome {}

  private record Allowed(int grantIndex, ToolGrant grant, GuardContext ctx) implements Outcome {}

  private record Denied(DenyKind kind, String guard, String reason) implements Outcome {}

  private record Pending(ApprovalRequest request, String guard, String reason) implements Outcome {}

  Evaluation(Kernel kernel, ToolCallRequest request) {
    this.k = kernel;
    this.req = request;
    this.nowMillis = kernel.clock.millis();
    this.now = Math.floorDiv(nowMillis, 1000);
    meta.put("request_id", request.requestId());
    putToolHints(meta, request.toolAnnotationsShared());
    String hash;
    try {
      hash = Sha256.hex(CanonicalJson.bytes(request.argumentsShared()));
    } catch (ChioFormatException e) {
      // e.g. a lone UTF-16 surrogate: such arguments cannot be hashed or signed; the receipt records {}.
      hash = null;
      meta.put("arguments_unrepresentable", e.getMessage());
    }
    this.parameterHash = hash;
    this.receiptParameters = hash == null ? Json.object() : request.argumentsShared();
  }

  Verdict run() {
    Outcome o;
    try {
      o = decide();
    } catch (RuntimeException | StackOverflowError e) {
      o = new Denied(DenyKind.INTERNAL_ERROR, "kernel", "internal error (fail-closed): " + GuardRunner.describe(e));
    }
    if (!(o instanceof Allowed)) {
      reverseHold();
    }
    return seal(o);
  }

  private Outcome decide() {
    byte[] presented = req.capabilityJsonShared();
    if (presented == null) {
      return deny(DenyKind.CAPABILITY_MISSING, "capability", "no capability presented");
    }
    VerifiedTokenCache.Result verified;
    try {
      verified = k.tokens.verify(presented, now);
    } catch (ChioFormatException e) {
      return deny(DenyKind.CAPABILITY_MALFORMED, "capability", "capability is malformed: " + e.getMessage());
    }
    CapabilityToken token = verified.token();
    CapabilityVerification v = verified.verification();
    capabilityId = token.id();

    // 1. Signature, algorithm floor, trusted issuer.
    if (token.algorithm() != null && !token.algorithm().equals("ed25519")) {
      return deny(DenyKind.ALGORITHM_UNSUPPORTED, "capability", "capability algorithm \"" + token.algorithm() + "\" is not supported (Ed25519 only)");
    }
    if (!v.signatureValid()) {
      return deny(DenyKind.SIGNATURE_INVALID, "capability", "capability signature is invalid");
    }
    if (!v.trusted()) {
      return deny(DenyKind.UNTRUSTED_ISSUER, "capability", "capability issuer is not trusted");
    }
    // 2. Time bounds, on a clock that has not been rewound.
    if (k.clockRewound(now)) {
      return deny(DenyKind.CLOCK_REWOUND, "kernel", "kernel clock went backwards (fail-closed): it reads " + now
          + ", earlier than a time this kernel already decided at");
    }
    switch (v.timeStatus()) {
      case EXPIRED -> {
        return deny(DenyKind.CAPABILITY_EXPIRED, "capability", "capability has expired");
      }
      case NOT_YET_VALID -> {
        return deny(DenyKind.CAPABILITY_NOT_YET_VALID, "capability", "capability is not yet valid");
      }
      case VALID -> {}
    }
    // 3. Revocation of the token and every capability in its chain.
    try {
      if (k.revocations.anyRevoked(token.revocationIds())) {
        return deny(DenyKind.CAPABILITY_REVOKED, "revocation", "capability has been revoked");
      }
    } catch (StoreException | RuntimeException e) {
      return deny(DenyKind.STORE_FAILURE, "revocation", "revocation store unavailable (fail-closed): " + e.getMessage());
    }
    // 4. Delegation chain (attenuation proofs are part of the signature check in step 1).
    if (!v.delegationChainShapeValid()) {
      return deny(DenyKind.DELEGATION_INVALID, "capability", "capability delegation chain is invalid");
    }
    // 5. Subject binding.
    String subject = token.subject().toHex();
    if (!normalizeKey(req.agentId()).equals(subject)) {
      return deny(DenyKind.SUBJECT_MISMATCH, "capability", "request agent " + req.agentId() + " does not match capability subject " + subject);
    }
    if (parameterHash == null) {
      return deny(DenyKind.MALFORMED_ARGUMENTS, "arguments", "malformed arguments: " + meta.get("arguments_unrepresentable").textValue());
    }
    // 6. Scope.
    CallView view = new CallView(req.serverId(), req.toolName(), req.argumentsShared(), req.governedIntent(), req.modelMetadata());
    ScopeMatcher.Result scope = k.scopes.match(token.scope(), view);
    if (!scope.matched()) {
      if (!scope.rejections().isEmpty()) {
        ArrayNode r = meta.putArray("scope_rejections");
        scope.rejections().forEach(r::add);
      }
      return deny(DenyKind.OUT_OF_SCOPE, "scope",
          "requested tool " + req.toolName() + " on server " + req.serverId() + " is not in capability scope");
    }
    ScopeMatcher.Match match = scope.match();
    ToolGrant grant = match.grant();
    meta.put("grant_index", match.grantIndex());
    // 7. DPoP, before any budget is charged.
    if (grant.requiresDpop()) {
      if (req.dpopProof() == null) {
        return deny(DenyKind.DPOP_MISSING, "dpop", "DPoP proof required but not presented");
      }
      try {
        k.dpop.verify(req.dpopProof(), capabilityId, token.subject(), req.serverId(), req.toolName(), req.argumentsShared(), now);
      } catch (DpopException e) {
        DenyKind kind = switch (e.kind()) {
          case INVALID -> DenyKind.DPOP_INVALID;
          case STALE -> DenyKind.DPOP_STALE;
          case REPLAYED -> DenyKind.DPOP_REPLAYED;
          case CACHE_FULL -> DenyKind.STORE_FAILURE;
        };
        return deny(kind, "dpop", e.getMessage());
      }
    }
    // 8. Budget pre-charge.
    Outcome budget = preCharge(grant, match.grantIndex());
    if (budget != null) {
      return budget;
    }
    // 9. Guards, over the classified action.
    ToolAction action;
    try {
      action = ActionClassifier.classify(req.toolName(), req.argumentsShared());
    } catch (MalformedArgumentException e) {
      return deny(DenyKind.MALFORMED_ARGUMENTS, "arguments", "malformed arguments: " + e.getMessage());
    }
    Long amount = req.governedIntent() == null ? null : req.governedIntent().amountUnits();
    ToolCall call = new ToolCall(req.requestId(), req.serverId(), req.toolName(), req.agentId(), req.sessionId(), capabilityId,
        match.grantIndex(), req.argumentsShared(), amount, req.toolAnnotationsShared());
    GuardContext ctx = new GuardContext(call, action, req.filesystemRoots(), nowMillis);
    GuardRunner.PipelineResult guards = GuardRunner.run(k.policy.guards(), ctx, k.guardDeadlineNanos);
    evidence = guards.evidence();
    if (guards.redacted()) {
      // Even a deny must not record what a guard redacted.
      inputRedacted = true;
      receiptParameters = guards.context().call().arguments();
    }
    if (guards.denyGuard() != null) {
      return deny(guards.error() ? DenyKind.GUARD_ERROR : DenyKind.GUARD_DENIED, guards.denyGuard(), guards.denyReason());
    }
    ctx = guards.context();
    // Human approval: the grant's threshold, the policy's human_in_loop, or a guard asking for it.
    String approvalReason = approvalReason(match, amount, guards);
    if (approvalReason != null) {
      String approvalGuard = guards.pendingGuard() != null ? guards.pendingGuard() : "approval";
      ApprovalGate.Call gateCall = new ApprovalGate.Call(capabilityId, subject, req.serverId(), req.toolName(), parameterHash);
      if (req.approvalToken() == null) {
        try {
          ApprovalRequest ar = k.approvals.open(gateCall, amount, approvalReason, now, k.policy.approvals().timeoutSeconds());
          meta.put("approval_id", ar.approvalId());
          return new Pending(ar, approvalGuard, approvalReason);
        } catch (StoreException | RuntimeException e) {
          return deny(DenyKind.STORE_FAILURE, "approval", "approval store unavailable (fail-closed): " + e.getMessage());
        }
      }
      try {
        ApprovalRequest approved = k.approvals.redeem(req.approvalToken(), gateCall, now);
        meta.put("approval_id", approved.approvalId());
      } catch (ApprovalException e) {
        return deny(DenyKind.APPROVAL_INVALID, "approval", e.getMessage());
      } catch (StoreException e) {
        return deny(DenyKind.STORE_FAILURE, "approval", "approval store unavailable (fail-closed): " + e.getMessage());
      }
    }
    return new Allowed(match.grantIndex(), grant, ctx);
  }

  private String approvalReason(ScopeMatcher.Match match, Long amount, GuardRunner.PipelineResult guards) {
    Long threshold = match.approvalThreshold();
    long units = amount == null ? 0 : amount;
    if (threshold != null && units >= threshold) {
      return threshold == 0 ? "the grant requires approval for every call" : "amount " + units + " reaches the approval threshold " + threshold;
    }
    if (k.policy.approvals().requiresConfirmation(req.toolName())) {
      return "policy requires confirmation for tool " + req.toolName();
    }
    if (k.policy.approvals().amountNeedsApproval(amount)) {
      return "amount " + amount + " reaches the policy approval threshold " + k.policy.approvals().approveAboveUnits();
    }
    if (guards.pendingGuard() != null) {
      return "guard \"" + guards.pendingGuard() + "\" requires approval: " + guards.pendingReason();
    }
    return null;
  }

  /** Step 8: null when charged (or unlimited), else the deny. */
  private Outcome preCharge(ToolGrant grant, int grantIndex) {
    MonetaryAmount perCall = grant.maxCostPerInvocation();
    MonetaryAmount total = grant.maxTotalCost();
    if (grant.maxInvocations() == null && perCall == null && total == null) {
      return null;
    }
    String currency = perCall != null ? perCall.currency() : total != null ? total.currency() : null;
    if (perCall != null && total != null && !perCall.currency().equals(total.currency())) {
      return deny(DenyKind.CURRENCY_MISMATCH, "budget", "grant cost caps are in different currencies");
    }
    GovernedIntent intent = req.governedIntent();
    if (intent != null && currency != null && !intent.currency().equals(currency)) {
      return deny(DenyKind.CURRENCY_MISMATCH, "budget", "governed intent currency " + intent.currency() + " does not match the grant's " + currency);
    }
    if (intent != null && perCall != null && intent.amountUnits() > perCall.units()) {
      meta.put("budget", "amount " + intent.amountUnits() + " exceeds the per-invocation maximum " + perCall.units());
      return deny(DenyKind.BUDGET_EXHAUSTED, "budget", "budget exhausted");
    }
    // Hold the per-call maximum (KERNEL.md section 4); without one, hold what the call says it spends.
    long held = perCall != null ? perCall.units() : intent != null ? intent.amountUnits() : 0;
    BudgetLimits limits = new BudgetLimits(grant.maxInvocations(), perCall == null ? null : perCall.units(),
        total == null ? null : total.units(), currency);
    try {
      PreCharge p = k.budgets.preCharge(new BudgetKey(capabilityId, grantIndex), limits, held);
      if (p instanceof PreCharge.Charged c) {
        hold = c.hold();
        return null;
      }
      meta.put("budget", ((PreCharge.Exhausted) p).reason());
      return deny(DenyKind.BUDGET_EXHAUSTED, "budget", "budget exhausted");
    } catch (StoreException | RuntimeException e) {
      return deny(DenyKind.STORE_FAILURE, "budget", "budget store unavailable (fail-closed): " + e.getMessage());
    }
  }

  private void reverseHold() {
    if (hold == null) {
      return;
    }
    try {
      k.budgets.reverse(hold);
    } catch (StoreException | RuntimeException e) {
      // The hold stays exposed: the budget is over-, never under-counted.
      meta.put("budget_reverse_failed", String.valueOf(e.getMessage()));
    }
    hold = null;
  }

  /** Signs and persists the one receipt of this evaluation; a failing receipt log turns any verdict into a deny. */
  private Verdict seal(Outcome o) {
    Decision decision;
    String outcome;
    if (o instanceof Allowed) {
      decision = Decision.allow();
      outcome = "allow";
      if (inputRedacted) {
        meta.put("reason_code", ReasonCode.INPUT_REDACTED.urn());
      }
    } else if (o instanceof Denied d) {
      meta.put("code", d.kind().code());
      meta.put("reason_code", d.kind().reasonCode().urn());
      decision = Decision.deny(d.reason(), d.guard());
      outcome = "deny";
    } else if (o instanceof Pending p) {
      // Receipts have no pending verdict: the call is incomplete until a human answers.
      meta.put("reason_code", ReasonCode.APPROVAL_PENDING.urn());
      decision = Decision.incomplete("pending approval: " + p.reason());
      outcome = "pending_approval";
    } else {
      throw new IllegalStateException("unknown outcome " + o);
    }
    ChioReceipt receipt = k.signer.sign(k.draft(decision, now, capabilityId, req, receiptParameters, evidence, meta)
        .redactionMode(inputRedacted ? RedactionMode.REDACTED : RedactionMode.NONE).build());
    try {
      k.persist(receipt, capabilityId, req, outcome, null);
    } catch (StoreException | RuntimeException e) {
      reverseHold();
      String reason = "receipt log unavailable (fail-closed): " + e.getMessage();
      meta.put("code", DenyKind.RECEIPT_LOG_FAILURE.code());
      meta.put("reason_code", DenyKind.RECEIPT_LOG_FAILURE.reasonCode().urn());
      meta.put("superseded_receipt_id", receipt.id());
      ChioReceipt denied = k.signer.sign(k.draft(Decision.deny(reason, "kernel"), now, capabilityId, req, receiptParameters, evidence, meta)
          .redactionMode(inputRedacted ? RedactionMode.REDACTED : RedactionMode.NONE).build());
      try {
        k.persist(denied, capabilityId, req, "deny", null);
      } catch (StoreException | RuntimeException ignored) {
        // Already denying because the log fails; nothing more to do.
      }
      return new Verdict.Deny(DenyKind.RECEIPT_LOG_FAILURE, reason, "kernel", denied);
    }
    if (o instanceof Allowed a) {
      return new Verdict.Allow(receipt, new Invocation(req, capabilityId, a.grantIndex(), a.grant(), hold, a.ctx(), receipt.id(), inputRedacted));
    } else if (o instanceof Denied d) {
      return new Verdict.Deny(d.kind(), d.reason(), d.guard(), receipt);
    }
    Pending p = (Pending) o;
    return new Verdict.PendingApproval(p.request(), p.reason(), p.guard(), receipt);
  }

  private Denied deny(DenyKind kind, String guard, String reason) {
    return new Denied(kind, guard, reason);
  }

  /**
   * Records the server's boolean tool hints (MCP {@code readOnlyHint}, {@code destructiveHint},
   * {@code idempotentHint}, {@code openWorldHint}) as receipt evidence under {@code tool_hints};
   * nothing else a server put in its annotations is copied into signed receipts.
   */
  static void putToolHints(ObjectNode meta, JsonNode annotations) {
    if (annotations == null || !annotations.isObject()) {
      return;
    }
    ObjectNode hints = Json.object();
    for (String hint : new String[] {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}) {
      JsonNode v = annotations.get(hint);
      if (v != null && v.isBoolean()) {
        hints.put(hint, v.booleanValue());
      }
    }
    if (!hints.isEmpty()) {
      meta.set("tool_hints", hints);
    }
  }

  /** Hex keys compare lower-case and without an optional {@code 0x}. */
  private static String normalizeKey(String hex) {
    String h = hex.strip().toLowerCase(Locale.ROOT);
    return h.startsWith("0x") ? h.substring(2) : h;
  }
}
