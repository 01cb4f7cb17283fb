package io.chio.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityVerifier;
import io.chio.core.capability.VerifiedTokenCache;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ActorRef;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.GuardEvidence;
import io.chio.core.receipt.ReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.core.receipt.RedactionMode;
import io.chio.kernel.approval.ApprovalGate;
import io.chio.kernel.approval.ApprovalStore;
import io.chio.kernel.approval.InMemoryApprovalStore;
import io.chio.kernel.budget.InMemoryBudgetStore;
import io.chio.kernel.dpop.DpopVerifier;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.revocation.InMemoryRevocationStore;
import io.chio.kernel.scope.ScopeMatcher;
import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetStore;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.RevocationStore;
import io.chio.kernel.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Chio kernel: decides tool calls in the order of KERNEL.md section 2 and signs a receipt for
 * every decision. Fail-closed: any exception, timeout, unevaluable constraint, unparseable input
 * or store failure is a deny with its reason recorded. Immutable and thread-safe.
 *
 * <pre>
 * Kernel kernel = Kernel.builder()
 *     .signingKey(kernelKey).trustedIssuers(Set.of(authorityKey)).policy(PolicyLoader.load(path))
 *     .receiptLog(log).build();
 * Verdict v = kernel.evaluate(request);
 * if (v instanceof Verdict.Allow allow) {
 *   Completion done = kernel.complete(allow, new ToolOutcome.Success(output, null));
 * }
 * </pre>
 */
public final class Kernel {
  /** Default tolerated clock rewind; see {@link Builder#maxClockRewind}. */
  public static final Duration DEFAULT_MAX_CLOCK_REWIND = Duration.ofSeconds(5);

  /** Default per-guard deadline. */
  public static final Duration DEFAULT_GUARD_DEADLINE = Duration.ofMillis(100);

  final Clock clock;
  final ReceiptSigner signer;
  final CompiledPolicy policy;
  final VerifiedTokenCache tokens;
  final RevocationStore revocations;
  final BudgetStore budgets;
  final ReceiptLog receiptLog;
  final ApprovalGate approvals;
  final DpopVerifier dpop;
  final ScopeMatcher scopes;
  final long guardDeadlineNanos;
  final long maxClockRewindSeconds;
  /** The latest second this kernel has decided at: a clock reading well before it means the clock was rewound. */
  private final AtomicLong latestSecond = new AtomicLong(Long.MIN_VALUE);

  private Kernel(Builder b) {
    this.clock = b.clock;
    this.signer = new ReceiptSigner(Objects.requireNonNull(b.signingKey, "signingKey"));
    this.policy = Objects.requireNonNull(b.policy, "policy");
    this.tokens = new VerifiedTokenCache(new CapabilityVerifier(b.trustedIssuers, b.maxDelegationDepth), b.tokenCacheSize);
    this.revocations = b.revocations;
    this.budgets = b.budgets;
    this.receiptLog = Objects.requireNonNull(b.receiptLog, "receiptLog");
    this.approvals = new ApprovalGate(b.approvalStore, b.approvers, b.random);
    this.dpop = b.dpop;
    this.scopes = new ScopeMatcher(b.regexBudget);
    this.guardDeadlineNanos = b.guardDeadline.toNanos();
    this.maxClockRewindSeconds = b.maxClockRewind.toSeconds();
  }

  /**
   * Records {@code now} and says whether the clock was rewound: {@code now} is more than the
   * tolerated rewind before the latest second already seen. A rewound clock could make an expired
   * token, DPoP proof or approval look fresh again and would sign receipts out of time order.
   */
  boolean clockRewound(long now) {
    long latest = latestSecond.getAndAccumulate(now, Math::max);
    return latest != Long.MIN_VALUE && now < latest - maxClockRewindSeconds;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The kernel's public key, as it appears in {@code kernel_key} of every receipt. */
  public Ed25519PublicKey kernelKey() {
    return signer.kernelKey();
  }

  public CompiledPolicy policy() {
    return policy;
  }

  /** Decides {@code request}; never throws for anything the request contains. */
  public Verdict evaluate(ToolCallRequest request) {
    Objects.requireNonNull(request, "request");
    return new Evaluation(this, request).run();
  }

  /**
   * Finishes an allowed call (steps 10 and 11): runs the response guards over a successful
   * output, reconciles the budget (or releases the hold on failure, cancellation or timeout), and
   * signs and persists the final receipt, whose {@code content_hash} is that of the output the
   * agent may see.
   *
   * @throws IllegalStateException when the invocation was already completed
   */
  public Completion complete(Verdict.Allow allow, ToolOutcome outcome) {
    Objects.requireNonNull(allow, "allow");
    Objects.requireNonNull(outcome, "outcome");
    Invocation inv = allow.invocation();
    if (!inv.markCompleted()) {
      throw new IllegalStateException("invocation " + inv.requestId() + " was already completed");
    }
    long now = Math.floorDiv(clock.millis(), 1000);
    boolean rewound = clockRewound(now);
    ToolCallRequest req = inv.request();
    ObjectNode meta = Json.object().put("request_id", req.requestId()).put("decision_receipt_id", inv.decisionReceiptId());
    Evaluation.putToolHints(meta, req.toolAnnotationsShared());
    BudgetHold hold = inv.hold();
    Decision decision;
    ReasonCode code;
    List<GuardEvidence> evidence = List.of();
    JsonNode delivered = null;
    boolean redacted = false;
    String notDelivered;
    Long cost = null;
    if (outcome instanceof ToolOutcome.Success s) {
      JsonNode output = s.output() == null ? NullNode.getInstance() : s.output();
      GuardRunner.ResponseResult rr;
      try {
        rr = GuardRunner.inspect(policy.responseGuards(), inv.guardContext(), output, guardDeadlineNanos);
      } catch (RuntimeException e) {
        rr = new GuardRunner.ResponseResult(List.of(), null, false, "kernel", "internal error (fail-closed): " + GuardRunner.describe(e), true);
      }
      evidence = rr.evidence();
      redacted = rr.redacted();
      meta.put("outcome", "success");
      String budgetProblem = null;
      if (hold != null) {
        try {
          budgets.reconcile(hold, s.reportedCostUnits());
          cost = s.reportedCostUnits() == null ? hold.heldUnits() : Math.min(s.reportedCostUnits(), hold.heldUnits());
        } catch (StoreException | RuntimeException e) {
          budgetProblem = "budget store unavailable (fail-closed): " + e.getMessage();
        }
      } else {
        cost = s.reportedCostUnits();
      }
      if (rr.blockGuard() != null) {
        decision = Decision.deny(rr.blockReason(), rr.blockGuard());
        code = !rr.error() ? ReasonCode.GUARD_DENIED : rr.blockGuard().equals("kernel") ? ReasonCode.INTERNAL_ERROR : ReasonCode.GUARD_FAILED;
        notDelivered = rr.blockReason();
      } else if (rewound) {
        String why = "kernel clock went backwards (fail-closed); output withheld";
        decision = Decision.deny(why, "kernel");
        code = ReasonCode.CLOCK_REWOUND;
        notDelivered = why;
      } else if (budgetProblem != null) {
        decision = Decision.deny(budgetProblem, "budget");
        code = ReasonCode.STORE_UNAVAILABLE;
        notDelivered = budgetProblem;
      } else {
        decision = Decision.allow();
        code = redacted ? ReasonCode.OUTPUT_REDACTED : inv.inputRedacted() ? ReasonCode.INPUT_REDACTED : ReasonCode.NONE;
        delivered = rr.output();
        notDelivered = null;
      }
    } else {
      String kind;
      if (outcome instanceof ToolOutcome.Failure f) {
        kind = "failure";
        decision = Decision.incomplete("tool failed: " + f.reason());
      } else if (outcome instanceof ToolOutcome.TimedOut t) {
        kind = "timeout";
        decision = Decision.incomplete("tool timed out: " + t.reason());
      } else if (outcome instanceof ToolOutcome.Cancelled c) {
        kind = "cancelled";
        decision = Decision.cancelled(c.reason());
      } else {
        throw new IllegalStateException("unknown outcome " + outcome.getClass());
      }
      meta.put("outcome", kind);
      code = decision instanceof Decision.Cancelled ? ReasonCode.REQUEST_CANCELLED : ReasonCode.TOOL_FAILED;
      notDelivered = ((decision instanceof Decision.Cancelled c) ? c.reason() : ((Decision.Incomplete) decision).reason());
      if (hold != null) {
        try {
          budgets.release(hold);
        } catch (StoreException | RuntimeException e) {
          // The hold stays exposed: the budget is over-, never under-counted.
          meta.put("budget_release_failed", String.valueOf(e.getMessage()));
        }
      }
    }
    if (cost != null) {
      meta.put("cost_units", cost);
    }
    if (code != ReasonCode.NONE) {
      meta.put("reason_code", code.urn());
    }
    ReceiptDraft.Builder draft = draft(decision, now, inv.capabilityId(), req, inv.guardContext().call().arguments(), evidence, meta)
        .redactionMode(redacted || inv.inputRedacted() ? RedactionMode.REDACTED : RedactionMode.NONE)
        .toolOutput(delivered);
    ChioReceipt receipt = signer.sign(draft.build());
    try {
      persist(receipt, inv.capabilityId(), req, decision.verdict(), cost);
    } catch (StoreException | RuntimeException e) {
      return new Completion(receipt, false, null, "receipt log unavailable (fail-closed): " + e.getMessage(), ReasonCode.RECEIPT_LOG_UNAVAILABLE);
    }
    return delivered == null ? new Completion(receipt, false, null, notDelivered, code) : new Completion(receipt, true, delivered, null, code);
  }

  ReceiptDraft.Builder draft(Decision decision, long now, String capabilityId, ToolCallRequest req, JsonNode parameters,
      List<GuardEvidence> evidence, ObjectNode metadata) {
    return ReceiptDraft.mediated(decision)
        .timestamp(now)
        .capabilityId(capabilityId == null ? "" : capabilityId)
        .tool(req.serverId(), req.toolName())
        .parameters(parameters)
        .toolOutput(null)
        .policyHash(policy.policyHash())
        .evidence(evidence)
        .metadata(metadata)
        .addActor(new ActorRef(req.agentId(), "agent"));
  }

  void persist(ChioReceipt receipt, String capabilityId, ToolCallRequest req, String outcome, Long cost) throws StoreException {
    receiptLog.append(new ReceiptRecord(receipt.canonicalBytes(), receipt.id(), "chio", receipt.timestamp(), capabilityId, req.agentId(),
        req.serverId(), req.toolName(), outcome, cost));
  }

  /** Builds a {@link Kernel}; {@link #signingKey}, {@link #policy} and {@link #receiptLog} are required. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Ed25519SigningKey signingKey;
    private Set<Ed25519PublicKey> trustedIssuers = Set.of();
    private CompiledPolicy policy;
    private RevocationStore revocations = new InMemoryRevocationStore();
    private BudgetStore budgets = new InMemoryBudgetStore();
    private ReceiptLog receiptLog;
    private ApprovalStore approvalStore = new InMemoryApprovalStore();
    private Set<Ed25519PublicKey> approvers = Set.of();
    private SecureRandom random;
    private DpopVerifier dpop = new DpopVerifier();
    private int maxDelegationDepth = 8;
    private int tokenCacheSize = 10_000;
    private Duration guardDeadline = DEFAULT_GUARD_DEADLINE;
    private Duration regexBudget = ScopeMatcher.DEFAULT_REGEX_BUDGET;
    private Duration maxClockRewind = DEFAULT_MAX_CLOCK_REWIND;

    private Builder() {}

    /** The time source for every check and receipt (default: system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The key that signs receipts. */
    public Builder signingKey(Ed25519SigningKey key) {
      this.signingKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Capability issuers whose tokens are accepted (default: none, so every token is untrusted). */
    public Builder trustedIssuers(Set<Ed25519PublicKey> issuers) {
      this.trustedIssuers = Set.copyOf(issuers);
      return this;
    }

    public Builder policy(CompiledPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder revocationStore(RevocationStore store) {
      this.revocations = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder budgetStore(BudgetStore store) {
      this.budgets = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where every receipt is persisted; a failing log denies the call. */
    public Builder receiptLog(ReceiptLog log) {
      this.receiptLog = Objects.requireNonNull(log, "log");
      return this;
    }

    public Builder approvalStore(ApprovalStore store) {
      this.approvalStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Keys whose approval tokens are accepted (default: none). */
    public Builder approvers(Set<Ed25519PublicKey> approvers) {
      this.approvers = Set.copyOf(approvers);
      return this;
    }

    /** Randomness for approval ids (default: a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public Builder dpopVerifier(DpopVerifier verifier) {
      this.dpop = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    public Builder maxDelegationDepth(int depth) {
      this.maxDelegationDepth = depth;
      return this;
    }

    public Builder tokenCacheSize(int entries) {
      this.tokenCacheSize = entries;
      return this;
    }

    /** How long one guard may take before its result is discarded and the call denied. */
    public Builder guardDeadline(Duration deadline) {
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("guard deadline must be positive");
      }
      this.guardDeadline = deadline;
      return this;
    }

    /** Time budget for the regex constraints of one grant over one call. */
    public Builder regexBudget(Duration budget) {
      this.regexBudget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * How far the clock may read before the latest time this kernel already decided at before calls
     * are denied as {@code CLOCK-REWOUND} (default 5 s): small enough that a rewound clock cannot
     * revive an expired token for long, large enough for threads that read the clock just before a
     * second boundary and decide just after another thread crossed it.
     */
    public Builder maxClockRewind(Duration tolerance) {
      if (tolerance.isNegative()) {
        throw new IllegalArgumentException("clock rewind tolerance must not be negative");
      }
      this.maxClockRewind = tolerance;
      return this;
    }

    public Kernel build() {
      if (random == null) {
        random = new SecureRandom();
      }
      return new Kernel(this);
    }
  }
}
