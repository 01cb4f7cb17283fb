package io.chio.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ActorRef;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.GuardEvidence;
import io.chio.core.receipt.ReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.kernel.Completion;
import io.chio.kernel.Kernel;
import io.chio.kernel.ToolCallRequest;
import io.chio.kernel.ToolOutcome;
import io.chio.kernel.Verdict;
import io.chio.kernel.approval.InMemoryApprovalStore;
import io.chio.kernel.budget.InMemoryBudgetStore;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.PolicyException;
import io.chio.kernel.policy.PolicyLoader;
import io.chio.kernel.revocation.InMemoryRevocationStore;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import io.chio.lambda.policy.LambdaGuardProvider;
import io.chio.lambda.policy.LambdaPolicy;
import io.chio.lambda.policy.LambdaPolicyException;
import io.chio.lambda.policy.Rule;
import io.chio.lambda.policy.RuleGuards;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Decides Lambda tool calls: the policy's rule for the tool (none: {@code policy.default}), the
 * rule's scopes, then the kernel (capability, scope, the rule's guards, approvals) which signs the
 * receipt and appends it to the sink-backed log. A caller with no capability of its own is given
 * the extension's session capability for {@code server_id/*}: in the seed's model the policy is the
 * authority; a presented token must come from a trusted issuer and grant the tool.
 *
 * <p>Fail closed: a policy that did not load makes every evaluation a signed deny. Thread-safe.
 */
public final class Evaluator {
  /** Allowed calls waiting for {@code /v1/record}; the oldest is closed as cancelled when full. */
  static final int MAX_PENDING = 10_000;
  private static final long SESSION_TTL_SECONDS = 3600;

  private final LambdaPolicy policy;
  private final String failure;
  private final String policyHash;
  private final String serverId;
  private final ReceiptSigner signer;
  private final Ed25519SigningKey kernelKey;
  private final ReceiptLog log;
  private final Clock clock;
  private final Map<Integer, Kernel> ruleKernels;
  private final Kernel defaultKernel;
  private final Ed25519SigningKey sessionKey;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> pendingOrder = new ConcurrentLinkedQueue<>();
  private volatile CapabilityToken session;

  private record Pending(Kernel kernel, Verdict.Allow allow) {}

  private Evaluator(LambdaPolicy policy, String failure, String policyHash, String serverId, Ed25519SigningKey kernelKey, ReceiptLog log,
      Clock clock, Map<Integer, Kernel> ruleKernels, Kernel defaultKernel, SecureRandom random) {
    this.policy = policy;
    this.failure = failure;
    this.policyHash = policyHash;
    this.serverId = serverId;
    this.kernelKey = kernelKey;
    this.signer = new ReceiptSigner(kernelKey);
    this.log = log;
    this.clock = clock;
    this.ruleKernels = Map.copyOf(ruleKernels);
    this.defaultKernel = defaultKernel;
    this.sessionKey = Ed25519SigningKey.generate(random);
  }

  /**
   * Compiles one kernel per rule (its guards) and, under {@code default: allow}, one for tools no
   * rule names.
   *
   * @param trustedIssuers capability issuers besides {@code kernelKey} (which issues session capabilities)
   * @param approvers keys whose approval tokens the kernel accepts
   */
  public static Evaluator create(LambdaPolicy policy, Ed25519SigningKey kernelKey, Set<Ed25519PublicKey> trustedIssuers,
      Set<Ed25519PublicKey> approvers, String serverId, ReceiptLog log, Clock clock) throws LambdaPolicyException {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(kernelKey, "kernelKey");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(clock, "clock");
    Set<Ed25519PublicKey> issuers = new HashSet<>(trustedIssuers);
    issuers.add(kernelKey.publicKey());
    SecureRandom random = new SecureRandom();
    // Budgets, revocations and approvals are per environment, shared by the rules' kernels.
    InMemoryBudgetStore budgets = new InMemoryBudgetStore();
    InMemoryRevocationStore revocations = new InMemoryRevocationStore();
    InMemoryApprovalStore approvals = new InMemoryApprovalStore();
    Map<Integer, Kernel> kernels = new HashMap<>();
    // Compiling a guard pipeline is most of INIT: rules with the same guards share one kernel.
    Map<String, Kernel> bySpec = new HashMap<>();
    for (Rule r : policy.rules()) {
      String spec = RuleGuards.hushSpec(policy, r).toString();
      Kernel k = bySpec.get(spec);
      if (k == null) {
        k = kernel(policy, r, kernelKey, issuers, approvers, log, clock, random, budgets, revocations, approvals);
        bySpec.put(spec, k);
      }
      kernels.put(r.index(), k);
    }
    Kernel dflt = null;
    if (policy.defaultDecision() == LambdaPolicy.DefaultDecision.ALLOW) {
      dflt = bySpec.get(RuleGuards.hushSpec(policy, null).toString());
      if (dflt == null) {
        dflt = kernel(policy, null, kernelKey, issuers, approvers, log, clock, random, budgets, revocations, approvals);
      }
    }
    return new Evaluator(policy, null, policy.sourceHash(), serverId, kernelKey, log, clock, kernels, dflt, random);
  }

  private static Kernel kernel(LambdaPolicy policy, Rule rule, Ed25519SigningKey key, Set<Ed25519PublicKey> issuers,
      Set<Ed25519PublicKey> approvers, ReceiptLog log, Clock clock, SecureRandom random, InMemoryBudgetStore budgets,
      InMemoryRevocationStore revocations, InMemoryApprovalStore approvals) throws LambdaPolicyException {
    ObjectNode spec = RuleGuards.hushSpec(policy, rule);
    String name = policy.source() + (rule == null ? " (default)" : " rule " + rule.index() + " (" + rule.tool() + ")");
    CompiledPolicy compiled;
    try {
      // JSON is YAML: the generated document goes through the kernel's own policy checks.
      compiled = PolicyLoader.parse(Json.mapper().writeValueAsString(spec), name, LambdaGuardProvider.INSTANCE);
    } catch (PolicyException e) {
      throw new LambdaPolicyException(name + ": guards do not compile: " + e.getMessage().replace("\n", "; "), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new LambdaPolicyException(name + ": " + e.getMessage(), e);
    }
    return Kernel.builder().signingKey(key).trustedIssuers(issuers).approvers(approvers).policy(compiled).receiptLog(log).clock(clock)
        .random(random).budgetStore(budgets).revocationStore(revocations).approvalStore(approvals).build();
  }

  /** An evaluator with no usable policy: every evaluation is a signed deny naming {@code failure}. */
  public static Evaluator failClosed(String failure, String policyHash, Ed25519SigningKey kernelKey, String serverId, ReceiptLog log,
      Clock clock) {
    Objects.requireNonNull(failure, "failure");
    return new Evaluator(null, failure, Objects.requireNonNull(policyHash, "policyHash"), serverId, kernelKey, log, clock, Map.of(), null,
        new SecureRandom());
  }

  /** The loaded policy, or empty when it failed to load. */
  public Optional<LambdaPolicy> policy() {
    return Optional.ofNullable(policy);
  }

  /** Why the policy is unusable, or null. */
  public String failure() {
    return failure;
  }

  public String policyHash() {
    return policyHash;
  }

  public Ed25519PublicKey kernelKey() {
    return kernelKey.publicKey();
  }

  public String serverId() {
    return serverId;
  }

  public LambdaDecision evaluate(EvaluateRequest req) {
    Objects.requireNonNull(req, "req");
    try {
      return decide(req);
    } catch (RuntimeException e) {
      return edgeDeny(req, "kernel", "CHIO-LAMBDA-INTERNAL", "evaluation error (fail-closed): " + e);
    }
  }

  private LambdaDecision decide(EvaluateRequest req) {
    if (failure != null) {
      return edgeDeny(req, "policy", "CHIO-LAMBDA-POLICY-UNAVAILABLE", "policy failed to load (fail-closed): " + failure);
    }
    Rule rule = policy.match(req.tool());
    Kernel kernel;
    if (rule == null) {
      if (defaultKernel == null) {
        return edgeDeny(req, "policy", "CHIO-LAMBDA-NO-RULE", "no rule for tool \"" + req.tool() + "\" and the policy default is deny");
      }
      kernel = defaultKernel;
    } else {
      if (!rule.scopes().isEmpty() && req.scopes().stream().noneMatch(rule.scopes()::contains)) {
        return edgeDeny(req, "scope", "CHIO-LAMBDA-SCOPE",
            "tool \"" + req.tool() + "\" needs one of the scopes " + rule.scopes() + "; the call presented " + req.scopes());
      }
      kernel = ruleKernels.get(rule.index());
    }
    byte[] capability = req.capability();
    String agent;
    if (capability == null) {
      CapabilityToken s = sessionCapability();
      capability = s.canonicalBytes();
      agent = s.subject().toHex();
    } else {
      agent = presentedSubject(capability);
    }
    ToolCallRequest.Builder call = ToolCallRequest.builder(req.requestId(), serverId, req.tool(), agent)
        .arguments(req.arguments())
        .capabilityJson(capability);
    // Per-identity limits (rate-limit) key on the session; anonymous callers share one, never none.
    call.sessionId(req.identity() == null ? "anonymous" : req.identity());
    Verdict v = kernel.evaluate(call.build());
    return switch (v.kind()) {
      case ALLOW -> {
        Verdict.Allow a = (Verdict.Allow) v;
        remember(a.receipt().id(), new Pending(kernel, a));
        yield new LambdaDecision(LambdaDecision.Outcome.ALLOW, null, null, null, a.receipt(), null);
      }
      case DENY -> {
        Verdict.Deny d = (Verdict.Deny) v;
        yield new LambdaDecision(LambdaDecision.Outcome.DENY, d.reason(), d.guard(), d.code(), d.receipt(), null);
      }
      case PENDING_APPROVAL -> {
        Verdict.PendingApproval p = (Verdict.PendingApproval) v;
        yield new LambdaDecision(LambdaDecision.Outcome.PENDING_APPROVAL, p.reason(), p.guard(), "CHIO-KERNEL-PENDING-APPROVAL",
            p.receipt(), p.request().approvalId());
      }
    };
  }

  /** The subject the token claims, so the kernel's subject check lines up; unreadable tokens are the kernel's to deny. */
  private static String presentedSubject(byte[] capability) {
    try {
      return CapabilityToken.parse(capability).subject().toHex();
    } catch (ChioFormatException | IllegalArgumentException e) {
      return "unverified";
    }
  }

  private CapabilityToken sessionCapability() {
    long now = Math.floorDiv(clock.millis(), 1000);
    CapabilityToken s = session;
    if (s == null || s.expiresAt() - 60 <= now) {
      synchronized (this) {
        s = session;
        if (s == null || s.expiresAt() - 60 <= now) {
          s = CapabilityToken.issue(kernelKey, "chio-lambda-session-" + now, sessionKey.publicKey(),
              Scope.ofTools(List.of(ToolGrant.of(serverId, "*", List.of(Operation.INVOKE)))), now, now + SESSION_TTL_SECONDS);
          session = s;
        }
      }
    }
    return s;
  }

  private void remember(String receiptId, Pending p) {
    pending.put(receiptId, p);
    pendingOrder.add(receiptId);
    while (pending.size() > MAX_PENDING) {
      String oldest = pendingOrder.poll();
      if (oldest == null) {
        break;
      }
      Pending old = pending.remove(oldest);
      if (old != null) {
        old.kernel().complete(old.allow(), new ToolOutcome.Cancelled("no /v1/record within the last " + MAX_PENDING + " allowed calls"));
      }
    }
  }

  /**
   * Closes an allowed call with its final receipt ({@code content_hash} over {@code {"result_hash":
   * ...}}). Empty when {@code decisionReceiptId} is not an allowed call awaiting its record.
   *
   * @param failureReason null when the handler succeeded, else why it failed (the receipt is {@code incomplete})
   */
  public Optional<Recorded> record(String decisionReceiptId, String resultHash, String failureReason) {
    Objects.requireNonNull(decisionReceiptId, "decisionReceiptId");
    Pending p = pending.remove(decisionReceiptId);
    if (p == null) {
      return Optional.empty();
    }
    ToolOutcome outcome = failureReason == null
        ? new ToolOutcome.Success(Json.object().put("result_hash", resultHash), null)
        : new ToolOutcome.Failure(failureReason);
    Completion c = p.kernel().complete(p.allow(), outcome);
    String verdict = c.receipt().decision().map(Decision::verdict).orElse("deny");
    return Optional.of(new Recorded(c.receipt(), decisionReceiptId, verdict));
  }

  /** Closes every allowed call still waiting for its record (SHUTDOWN), so no decision is left open. */
  public int cancelPending(String reason) {
    int n = 0;
    for (String id : List.copyOf(pending.keySet())) {
      Pending p = pending.remove(id);
      if (p != null) {
        p.kernel().complete(p.allow(), new ToolOutcome.Cancelled(reason));
        n++;
      }
    }
    pendingOrder.clear();
    return n;
  }

  /** Drops an allowed call from those awaiting a record (the authorizer's calls end with the decision). */
  public void release(String decisionReceiptId) {
    pending.remove(decisionReceiptId);
    pendingOrder.remove(decisionReceiptId);
  }

  public int pendingRecords() {
    return pending.size();
  }

  /** A deny decided at the Lambda edge (no rule, scope, policy unavailable, bad input), signed and logged like the kernel's. */
  LambdaDecision edgeDeny(EvaluateRequest req, String guard, String code, String reason) {
    long now = Math.floorDiv(clock.millis(), 1000);
    ObjectNode meta = Json.object().put("request_id", req.requestId()).put("code", code);
    if (req.identity() != null) {
      meta.put("identity", req.identity());
    }
    ChioReceipt receipt = signer.sign(ReceiptDraft.mediated(Decision.deny(reason, guard))
        .timestamp(now)
        .capabilityId("")
        .tool(serverId, req.tool())
        .parameters(req.arguments())
        .toolOutput(null)
        .policyHash(policyHash)
        .evidence(List.of(GuardEvidence.fail(guard, reason)))
        .metadata(meta)
        .addActor(new ActorRef(req.identity() == null ? "anonymous" : req.identity(), "agent"))
        .build());
    try {
      log.append(new ReceiptRecord(receipt.canonicalBytes(), receipt.id(), "chio", receipt.timestamp(), null, null, serverId, req.tool(),
          "deny", null));
    } catch (StoreException | RuntimeException e) {
      // The call is denied either way; the sink's own status reports the failure.
    }
    return new LambdaDecision(LambdaDecision.Outcome.DENY, reason, guard, code, receipt, null);
  }

  /** A signed deny for input that could not be read as a call at all. */
  public LambdaDecision badRequest(String tool, String identity, String requestId, String reason) {
    EvaluateRequest req = new EvaluateRequest(tool == null || tool.isBlank() ? "(unreadable)" : tool, List.of(), Json.object(), identity,
        null, requestId);
    return edgeDeny(req, "request", "CHIO-LAMBDA-BAD-REQUEST", reason);
  }
}
