package io.chio.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Constraint;
import io.chio.core.capability.Delegation;
import io.chio.core.capability.MonetaryAmount;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.ReceiptKind;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.core.receipt.RedactionMode;
import io.chio.kernel.approval.ApprovalToken;
import io.chio.kernel.budget.InMemoryBudgetStore;
import io.chio.kernel.dpop.DpopProof;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ResponseVerdict;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.revocation.InMemoryRevocationStore;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.InMemoryReceiptLog;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.RevocationStore;
import io.chio.kernel.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KernelTest {
  static final long NOW = 1_700_000_000L;
  static final Ed25519SigningKey AUTHORITY = Ed25519SigningKey.fromSeedHex("11".repeat(32));
  static final Ed25519SigningKey KERNEL_KEY = Ed25519SigningKey.fromSeedHex("22".repeat(32));
  static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeedHex("33".repeat(32));
  static final Ed25519SigningKey APPROVER = Ed25519SigningKey.fromSeedHex("44".repeat(32));
  static final Ed25519SigningKey STRANGER = Ed25519SigningKey.fromSeedHex("55".repeat(32));
  static final ObjectNode READ_ARGS = (ObjectNode) Json.parse("{\"path\":\"/workspace/src/main.rs\"}");

  final InMemoryReceiptLog log = new InMemoryReceiptLog();
  final InMemoryBudgetStore budgets = new InMemoryBudgetStore();
  final InMemoryRevocationStore revocations = new InMemoryRevocationStore();
  final List<String> ran = new ArrayList<>();
  CompiledPolicy policy;

  KernelTest() throws Exception {
    policy = TestGuards.policy("hushspec: \"0.1.0\"\n", recording("mcp-tool"), recording("forbidden-path"));
  }

  TestGuards.Scripted recording(String name) {
    return new TestGuards.Scripted(name, c -> {
      ran.add(name);
      return GuardResult.allow(name + " ok");
    });
  }

  Kernel.Builder kernelBuilder() {
    return Kernel.builder()
        .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
        .signingKey(KERNEL_KEY)
        .trustedIssuers(Set.of(AUTHORITY.publicKey()))
        .policy(policy)
        .budgetStore(budgets)
        .revocationStore(revocations)
        .approvers(Set.of(APPROVER.publicKey()))
        .receiptLog(log);
  }

  Kernel kernel() {
    return kernelBuilder().build();
  }

  static CapabilityToken token(String id, ToolGrant... grants) {
    return CapabilityToken.issue(AUTHORITY, id, AGENT.publicKey(), Scope.ofTools(List.of(grants)), NOW - 60, NOW + 3600);
  }

  static ToolGrant grant(String server, String tool) {
    return ToolGrant.of(server, tool, List.of(Operation.INVOKE));
  }

  static ToolCallRequest.Builder call(CapabilityToken token, String tool, ObjectNode args) {
    return ToolCallRequest.builder("req-1", "srv-files", tool, AGENT.publicKey().toHex()).capability(token).arguments(args);
  }

  Verdict.Deny denied(Verdict v) {
    assertThat(v).isInstanceOf(Verdict.Deny.class);
    return (Verdict.Deny) v;
  }

  static void assertVerifies(ChioReceipt r) {
    assertThat(ReceiptVerifier.trusting(KERNEL_KEY.publicKey()).verify(r).ok()).isTrue();
    assertThat(r.receiptKind()).isEqualTo(ReceiptKind.MEDIATED_DECISION);
  }

  @Test
  void anInScopeCallIsAllowedWithOneSignedPersistedReceipt() {
    Verdict v = kernel().evaluate(call(token("cap-1", grant("srv-files", "read_file")), "read_file", READ_ARGS).build());
    assertThat(v).isInstanceOf(Verdict.Allow.class);
    ChioReceipt r = v.receipt();
    assertVerifies(r);
    assertThat(r.decision()).contains(Decision.allow());
    assertThat(r.policyHash()).isEqualTo(policy.policyHash());
    assertThat(r.capabilityId()).isEqualTo("cap-1");
    assertThat(r.parameterHash()).isEqualTo(Sha256.hex(CanonicalJson.bytes(READ_ARGS)));
    assertThat(r.evidence()).extracting(e -> e.guardName()).containsExactly("mcp-tool", "forbidden-path");
    assertThat(r.evidence()).allMatch(e -> e.verdict());
    assertThat(log.records()).hasSize(1);
    ReceiptRecord rec = log.records().get(0);
    assertThat(rec.receiptId()).isEqualTo(r.id());
    assertThat(rec.outcome()).isEqualTo("allow");
    assertThat(rec.canonicalJson()).isEqualTo(r.canonicalBytes());
    assertThat(((Verdict.Allow) v).invocation().grantIndex()).isZero();
  }

  @Test
  void denyReasonsAreVerbatimAndEachDenyHasExactlyOneReceipt() throws Exception {
    Kernel k = kernel();
    CapabilityToken good = token("cap-1", grant("srv-files", "read_file"));
    record Case(ToolCallRequest request, DenyKind kind, String reason) {}
    CapabilityToken untrusted = CapabilityToken.issue(STRANGER, "cap-u", AGENT.publicKey(), good.scope(), NOW - 60, NOW + 60);
    CapabilityToken expired = CapabilityToken.issue(AUTHORITY, "cap-e", AGENT.publicKey(), good.scope(), NOW - 60, NOW);
    CapabilityToken future = CapabilityToken.issue(AUTHORITY, "cap-f", AGENT.publicKey(), good.scope(), NOW + 1, NOW + 60);
    revocations.revoke("cap-r", "test", NOW);
    CapabilityToken revoked = token("cap-r", grant("srv-files", "read_file"));
    ObjectNode tampered = good.toJson();
    tampered.put("expires_at", NOW + 999_999);
    String stranger = STRANGER.publicKey().toHex();
    List<Case> cases = List.of(
        new Case(ToolCallRequest.builder("r", "srv-files", "read_file", AGENT.publicKey().toHex()).build(), DenyKind.CAPABILITY_MISSING, "no capability presented"),
        new Case(call(null, "read_file", READ_ARGS).capabilityJson("{\"id\":1}".getBytes()).build(), DenyKind.CAPABILITY_MALFORMED, "capability is malformed: "),
        new Case(call(null, "read_file", READ_ARGS).capabilityJson(CanonicalJson.bytes(tampered)).build(), DenyKind.SIGNATURE_INVALID, "capability signature is invalid"),
        new Case(call(untrusted, "read_file", READ_ARGS).build(), DenyKind.UNTRUSTED_ISSUER, "capability issuer is not trusted"),
        new Case(call(expired, "read_file", READ_ARGS).build(), DenyKind.CAPABILITY_EXPIRED, "capability has expired"),
        new Case(call(future, "read_file", READ_ARGS).build(), DenyKind.CAPABILITY_NOT_YET_VALID, "capability is not yet valid"),
        new Case(call(revoked, "read_file", READ_ARGS).build(), DenyKind.CAPABILITY_REVOKED, "capability has been revoked"),
        new Case(ToolCallRequest.builder("r", "srv-files", "read_file", stranger).capability(good).arguments(READ_ARGS).build(),
            DenyKind.SUBJECT_MISMATCH, "request agent " + stranger + " does not match capability subject " + AGENT.publicKey().toHex()),
        new Case(call(good, "write_file", READ_ARGS).build(), DenyKind.OUT_OF_SCOPE, "requested tool write_file on server srv-files is not in capability scope"));
    int receipts = 0;
    for (Case c : cases) {
      Verdict.Deny d = denied(k.evaluate(c.request()));
      assertThat(d.denyKind()).as(c.reason()).isEqualTo(c.kind());
      assertThat(d.reason()).startsWith(c.reason());
      assertThat(d.code()).isEqualTo("CHIO-KERNEL-" + c.kind().name().replace('_', '-'));
      assertVerifies(d.receipt());
      assertThat(d.receipt().decision()).contains(Decision.deny(d.reason(), d.guard()));
      assertThat(d.receipt().metadata().orElseThrow().get("code").textValue()).isEqualTo(d.code());
      assertThat(log.records()).hasSize(++receipts);
      assertThat(log.records().get(receipts - 1).outcome()).isEqualTo("deny");
    }
    assertThat(ran).isEmpty();
  }

  @Test
  void revokingAParentRevokesTheDelegatedToken() throws Exception {
    CapabilityToken parent = token("cap-parent", ToolGrant.of("srv-files", "read_file", List.of(Operation.INVOKE, Operation.DELEGATE)));
    Ed25519SigningKey sub = Ed25519SigningKey.fromSeedHex("66".repeat(32));
    CapabilityToken child = Delegation.attenuate(parent, AGENT, sub.publicKey(), List.of(), NOW, "cap-child");
    Kernel k = kernelBuilder().trustedIssuers(Set.of(AUTHORITY.publicKey(), AGENT.publicKey())).build();
    ToolCallRequest req = ToolCallRequest.builder("r", "srv-files", "read_file", sub.publicKey().toHex()).capability(child).arguments(READ_ARGS).build();
    assertThat(k.evaluate(req)).isInstanceOf(Verdict.Allow.class);
    revocations.revoke("cap-parent", "compromised", NOW);
    assertThat(denied(k.evaluate(req)).reason()).isEqualTo("capability has been revoked");
  }

  @Test
  void mostSpecificGrantIsTheOneCharged() {
    CapabilityToken t = token("cap-1", grant("*", "*"), grant("srv-files", "read_file").withMaxInvocations(5L));
    Verdict.Allow a = (Verdict.Allow) kernel().evaluate(call(t, "read_file", READ_ARGS).build());
    assertThat(a.invocation().grantIndex()).isEqualTo(1);
    assertThat(budgets.state(new BudgetKey("cap-1", 1)).invocations()).isEqualTo(1);
  }

  @Test
  void guardDenyReversesThePreChargeAndNamesTheGuard() throws Exception {
    policy = TestGuards.policy("hushspec: \"0.1.0\"\n", recording("mcp-tool"),
        new TestGuards.Scripted("forbidden-path", c -> GuardResult.deny("path matches forbidden pattern \"**/.ssh/**\"")), recording("shell-command"));
    CapabilityToken t = token("cap-1", grant("srv-files", "read_file").withMaxInvocations(1L));
    Verdict.Deny d = denied(kernel().evaluate(call(t, "read_file", READ_ARGS).build()));
    assertThat(d.denyKind()).isEqualTo(DenyKind.GUARD_DENIED);
    assertThat(d.guard()).isEqualTo("forbidden-path");
    assertThat(d.reason()).isEqualTo("guard \"forbidden-path\" denied the request: path matches forbidden pattern \"**/.ssh/**\"");
    assertThat(d.receipt().evidence()).extracting(e -> e.guardName() + "=" + e.verdict()).containsExactly("mcp-tool=true", "forbidden-path=false");
    assertThat(ran).containsExactly("mcp-tool");
    assertThat(budgets.state(new BudgetKey("cap-1", 0)).invocations()).isZero();
  }

  @Test
  void guardExceptionsAndOverrunsDenyFailClosed() throws Exception {
    policy = TestGuards.policy("hushspec: \"0.1.0\"\n", new TestGuards.Scripted("mcp-tool", c -> {
      throw new IllegalStateException("boom");
    }));
    CapabilityToken t = token("cap-1", grant("srv-files", "read_file"));
    Verdict.Deny d = denied(kernel().evaluate(call(t, "read_file", READ_ARGS).build()));
    assertThat(d.denyKind()).isEqualTo(DenyKind.GUARD_ERROR);
    assertThat(d.reason()).isEqualTo("guard \"mcp-tool\" error (fail-closed): IllegalStateException: boom");

    policy = TestGuards.policy("hushspec: \"0.1.0\"\n", new TestGuards.Scripted("mcp-tool", c -> {
      try {
        Thread.sleep(60);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return GuardResult.allow("late");
    }));
    Verdict.Deny slow = denied(kernelBuilder().guardDeadline(Duration.ofMillis(10)).build().evaluate(call(t, "read_file", READ_ARGS).build()));
    assertThat(slow.reason()).startsWith("guard \"mcp-tool\" error (fail-closed): exceeded its 10 ms deadline");

    policy = TestGuards.policy("hushspec: \"0.1.0\"\n", new TestGuards.Scripted("mcp-tool", c -> null));
    assertThat(denied(kernel().evaluate(call(t, "read_file", READ_ARGS).build())).reason()).contains("returned no result");
  }

  @Test
  void malformedArgumentsDeny() {
    CapabilityToken t = token("cap-1", grant("*", "*"));
    Verdict.Deny d = denied(kernel().evaluate(call(t, "read_file", (ObjectNode) Json.parse("{\"path\":42}")).build()));
    assertThat(d.denyKind()).isEqualTo(DenyKind.MALFORMED_ARGUMENTS);
    assertThat(d.reason()).contains("\"path\" must be a string");
    ObjectNode lone = Json.object().put("text", "\ud800");
    Verdict.Deny d2 = denied(kernel().evaluate(call(t, "write", lone).build()));
    assertThat(d2.denyKind()).isEqualTo(DenyKind.MALFORMED_ARGUMENTS);
    assertVerifies(d2.receipt());
  }

  @Test
  void budgetInvocationLimitAndExhaustion() {
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("srv-files", "read_file").withMaxInvocations(2L));
    for (int i = 0; i < 2; i++) {
      Verdict.Allow a = (Verdict.Allow) k.evaluate(call(t, "read_file", READ_ARGS).build());
      k.complete(a, new ToolOutcome.Success(Json.object(), null));
    }
    Verdict.Deny d = denied(k.evaluate(call(t, "read_file", READ_ARGS).build()));
    assertThat(d.reason()).isEqualTo("budget exhausted");
    assertThat(d.code()).isEqualTo("CHIO-KERNEL-BUDGET-EXHAUSTED");
    assertThat(d.receipt().metadata().orElseThrow().get("budget").textValue()).contains("invocation limit");
  }

  @Test
  void moneyIsHeldAtThePerCallMaximumAndReconciled() {
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("srv-pay", "charge")
        .withMaxCostPerInvocation(new MonetaryAmount(300, "USD")).withMaxTotalCost(new MonetaryAmount(500, "USD")));
    ToolCallRequest req = ToolCallRequest.builder("r", "srv-pay", "charge", AGENT.publicKey().toHex()).capability(t)
        .governedIntent(new GovernedIntent(120, "USD")).build();
    Verdict.Allow a = (Verdict.Allow) k.evaluate(req);
    assertThat(a.invocation().hold().heldUnits()).isEqualTo(300);
    // A second concurrent call cannot hold another 300 against 500.
    assertThat(denied(k.evaluate(req)).reason()).isEqualTo("budget exhausted");
    Completion c = k.complete(a, new ToolOutcome.Success(Json.object().put("charged", 120), 120L));
    assertThat(c.delivered()).isTrue();
    assertThat(c.receipt().metadata().orElseThrow().get("cost_units").longValue()).isEqualTo(120);
    assertThat(budgets.state(new BudgetKey("cap-1", 0)).realizedUnits()).isEqualTo(120);
    assertThat(k.evaluate(req)).isInstanceOf(Verdict.Allow.class);
    ToolCallRequest euro = ToolCallRequest.builder("r", "srv-pay", "charge", AGENT.publicKey().toHex()).capability(t)
        .governedIntent(new GovernedIntent(1, "EUR")).build();
    assertThat(denied(k.evaluate(euro)).denyKind()).isEqualTo(DenyKind.CURRENCY_MISMATCH);
    ToolCallRequest big = ToolCallRequest.builder("r", "srv-pay", "charge", AGENT.publicKey().toHex()).capability(t)
        .governedIntent(new GovernedIntent(301, "USD")).build();
    assertThat(denied(k.evaluate(big)).reason()).isEqualTo("budget exhausted");
  }

  @Test
  void concurrentCallsNeverExceedMaxInvocations() throws Exception {
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("srv-files", "read_file").withMaxInvocations(50L));
    AtomicInteger allowed = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        if (k.evaluate(call(t, "read_file", READ_ARGS).build()) instanceof Verdict.Allow) {
          allowed.incrementAndGet();
        }
      });
      th.start();
      threads.add(th);
    }
    start.countDown();
    for (Thread th : threads) {
      th.join();
    }
    assertThat(allowed.get()).isEqualTo(50);
    assertThat(log.records()).hasSize(200);
  }

  @Test
  void dpopIsRequiredByTheGrantAndCheckedBeforeBudget() {
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("srv-files", "read_file").withDpopRequired(true).withMaxInvocations(10L));
    Verdict.Deny missing = denied(k.evaluate(call(t, "read_file", READ_ARGS).build()));
    assertThat(missing.reason()).isEqualTo("DPoP proof required but not presented");
    assertThat(missing.code()).isEqualTo("CHIO-KERNEL-DPOP-MISSING");
    assertThat(missing.reasonCode()).isEqualTo(ReasonCode.REPLAY_TRACE_NOT_FOUND);
    DpopProof proof = DpopProof.sign(AGENT, "cap-1", "srv-files", "read_file", READ_ARGS, "nonce-1", NOW);
    assertThat(k.evaluate(call(t, "read_file", READ_ARGS).dpopProof(proof).build())).isInstanceOf(Verdict.Allow.class);
    Verdict.Deny replayed = denied(k.evaluate(call(t, "read_file", READ_ARGS).dpopProof(proof).build()));
    assertThat(replayed.reason()).isEqualTo("DPoP proof nonce has already been used");
    assertThat(replayed.denyKind()).isEqualTo(DenyKind.DPOP_REPLAYED);
    DpopProof old = DpopProof.sign(AGENT, "cap-1", "srv-files", "read_file", READ_ARGS, "nonce-3", NOW - 301);
    Verdict.Deny stale = denied(k.evaluate(call(t, "read_file", READ_ARGS).dpopProof(old).build()));
    assertThat(stale.denyKind()).isEqualTo(DenyKind.DPOP_STALE);
    assertThat(stale.reasonCode()).isEqualTo(ReasonCode.REPLAY_DETERMINISTIC_MISMATCH);
    DpopProof wrongArgs = DpopProof.sign(AGENT, "cap-1", "srv-files", "read_file", Json.object(), "nonce-2", NOW);
    Verdict.Deny invalid = denied(k.evaluate(call(t, "read_file", READ_ARGS).dpopProof(wrongArgs).build()));
    assertThat(invalid.reason()).isEqualTo("DPoP proof is bound to different arguments");
    assertThat(invalid.denyKind()).isEqualTo(DenyKind.DPOP_INVALID);
    assertThat(invalid.receipt().metadata().orElseThrow().get("reason_code").textValue()).isEqualTo("urn:chio:error:dpop:proof-invalid");
    assertThat(budgets.state(new BudgetKey("cap-1", 0)).invocations()).isEqualTo(1);
  }

  @Test
  void approvalAboveThresholdIsPendingThenAnApprovalTokenLetsTheSameCallThroughOnce() {
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("srv-pay", "charge").withConstraints(List.of(new Constraint.RequireApprovalAbove(100)))
        .withMaxInvocations(10L));
    ObjectNode args = Json.object().put("to", "acct_1");
    ToolCallRequest.Builder req = ToolCallRequest.builder("r", "srv-pay", "charge", AGENT.publicKey().toHex()).capability(t)
        .arguments(args).governedIntent(new GovernedIntent(150, "USD"));
    Verdict v = k.evaluate(req.build());
    assertThat(v).isInstanceOf(Verdict.PendingApproval.class);
    Verdict.PendingApproval p = (Verdict.PendingApproval) v;
    assertThat(p.reason()).isEqualTo("amount 150 reaches the approval threshold 100");
    assertThat(p.request().parameterHash()).isEqualTo(Sha256.hex(CanonicalJson.bytes(args)));
    assertThat(p.request().expiresAt()).isEqualTo(NOW + 3600);
    assertThat(p.receipt().decision().orElseThrow()).isInstanceOf(Decision.Incomplete.class);
    assertVerifies(p.receipt());
    assertThat(log.records().get(0).outcome()).isEqualTo("pending_approval");
    assertThat(budgets.state(new BudgetKey("cap-1", 0)).invocations()).isZero();

    ApprovalToken ok = ApprovalToken.sign(APPROVER, p.request(), ApprovalToken.Decision.APPROVED, "tok-1", NOW, NOW + 300);
    assertThat(k.evaluate(req.approvalToken(ok).build())).isInstanceOf(Verdict.Allow.class);
    Verdict.Deny again = denied(k.evaluate(req.approvalToken(ok).build()));
    assertThat(again.reason()).isEqualTo("approval has already been used");
    assertThat(again.code()).isEqualTo("CHIO-KERNEL-APPROVAL-INVALID");

    ObjectNode otherArgs = Json.object().put("to", "acct_evil");
    Verdict.PendingApproval p2 = (Verdict.PendingApproval) k.evaluate(req.approvalToken(null).build());
    ApprovalToken ok2 = ApprovalToken.sign(APPROVER, p2.request(), ApprovalToken.Decision.APPROVED, "tok-2", NOW, NOW + 300);
    assertThat(denied(k.evaluate(req.arguments(otherArgs).approvalToken(ok2).build())).reason()).isEqualTo("approval was granted for different parameters");

    ToolCallRequest small = ToolCallRequest.builder("r", "srv-pay", "charge", AGENT.publicKey().toHex()).capability(t)
        .arguments(args).governedIntent(new GovernedIntent(99, "USD")).build();
    assertThat(k.evaluate(small)).isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void policyConfirmationAndGuardPendingAskForApproval() throws Exception {
    policy = TestGuards.policy("hushspec: \"0.1.0\"\nrules:\n  human_in_loop: {require_confirmation: [deploy]}\n",
        new TestGuards.Scripted("mcp-tool", c -> c.call().toolName().equals("refund")
            ? new GuardResult.PendingApproval("refunds need a human", null) : GuardResult.allow(null)));
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("*", "*"));
    Verdict.PendingApproval deploy = (Verdict.PendingApproval) k.evaluate(call(t, "deploy", Json.object()).build());
    assertThat(deploy.reason()).isEqualTo("policy requires confirmation for tool deploy");
    Verdict.PendingApproval refund = (Verdict.PendingApproval) k.evaluate(call(t, "refund", Json.object()).build());
    assertThat(refund.guard()).isEqualTo("mcp-tool");
    assertThat(refund.reason()).isEqualTo("guard \"mcp-tool\" requires approval: refunds need a human");
    assertThat(k.evaluate(call(t, "read_file", READ_ARGS).build())).isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void aFailingReceiptLogDeniesAndReleasesTheBudget() {
    ReceiptLog failing = new ReceiptLog() {
      @Override
      public long append(ReceiptRecord record) throws StoreException {
        throw new StoreException("disk full");
      }

      @Override
      public void close() {}
    };
    Kernel k = kernelBuilder().receiptLog(failing).build();
    CapabilityToken t = token("cap-1", grant("srv-files", "read_file").withMaxInvocations(1L));
    Verdict.Deny d = denied(k.evaluate(call(t, "read_file", READ_ARGS).build()));
    assertThat(d.denyKind()).isEqualTo(DenyKind.RECEIPT_LOG_FAILURE);
    assertThat(d.reason()).isEqualTo("receipt log unavailable (fail-closed): disk full");
    assertVerifies(d.receipt());
    assertThat(budgets.state(new BudgetKey("cap-1", 0)).invocations()).isZero();
  }

  @Test
  void storeFailuresDeny() {
    RevocationStore broken = new RevocationStore() {
      @Override
      public boolean isRevoked(String capabilityId) throws StoreException {
        throw new StoreException("database is locked");
      }

      @Override
      public void revoke(String capabilityId, String reason, long atEpochSeconds) {}
    };
    Verdict.Deny d = denied(kernelBuilder().revocationStore(broken).build().evaluate(call(token("cap-1", grant("*", "*")), "read_file", READ_ARGS).build()));
    assertThat(d.denyKind()).isEqualTo(DenyKind.STORE_FAILURE);
    assertThat(d.reason()).isEqualTo("revocation store unavailable (fail-closed): database is locked");
  }

  @Test
  void completionHashesTheOutputAndReconciles() {
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("srv-files", "read_file").withMaxCostPerInvocation(new MonetaryAmount(10, "USD")));
    Verdict.Allow a = (Verdict.Allow) k.evaluate(call(t, "read_file", READ_ARGS).build());
    JsonNode output = Json.parse("{\"content\":\"fn main() {}\"}");
    Completion c = k.complete(a, new ToolOutcome.Success(output, null));
    assertThat(c.delivered()).isTrue();
    assertThat(c.output()).isEqualTo(output);
    assertVerifies(c.receipt());
    assertThat(c.receipt().contentHash()).isEqualTo(Sha256.hex(CanonicalJson.bytes(output)));
    assertThat(c.receipt().decision()).contains(Decision.allow());
    assertThat(c.receipt().metadata().orElseThrow().get("decision_receipt_id").textValue()).isEqualTo(a.receipt().id());
    assertThat(budgets.state(new BudgetKey("cap-1", 0)).realizedUnits()).isEqualTo(10);
    assertThat(log.records()).hasSize(2);
    assertThatThrownBy(() -> k.complete(a, new ToolOutcome.Success(output, null))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failuresCancellationsAndTimeoutsReleaseTheHold() {
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("srv-files", "read_file").withMaxCostPerInvocation(new MonetaryAmount(10, "USD")).withMaxInvocations(5L));
    Completion failed = k.complete((Verdict.Allow) k.evaluate(call(t, "read_file", READ_ARGS).build()), new ToolOutcome.Failure("ENOENT"));
    assertThat(failed.delivered()).isFalse();
    assertThat(failed.receipt().decision()).contains(Decision.incomplete("tool failed: ENOENT"));
    Completion cancelled = k.complete((Verdict.Allow) k.evaluate(call(t, "read_file", READ_ARGS).build()), new ToolOutcome.Cancelled("user aborted"));
    assertThat(cancelled.receipt().decision()).contains(Decision.cancelled("user aborted"));
    Completion timedOut = k.complete((Verdict.Allow) k.evaluate(call(t, "read_file", READ_ARGS).build()), new ToolOutcome.TimedOut("30 s"));
    assertThat(timedOut.receipt().decision()).contains(Decision.incomplete("tool timed out: 30 s"));
    var state = budgets.state(new BudgetKey("cap-1", 0));
    assertThat(state.invocations()).isEqualTo(3);
    assertThat(state.exposedUnits()).isZero();
    assertThat(state.realizedUnits()).isZero();
    assertThat(log.records()).extracting(ReceiptRecord::outcome).containsExactly("allow", "incomplete", "allow", "cancelled", "allow", "incomplete");
  }

  @Test
  void responseGuardsRedactOrBlockTheOutput() throws Exception {
    policy = TestGuards.policy("hushspec: \"0.1.0\"\n", new TestGuards.ScriptedResponse("response-sanitization", out ->
        out.toString().contains("AKIA") ? new ResponseVerdict.Redacted(Json.object().put("content", "[REDACTED]"), "aws key")
            : out.toString().contains("BEGIN PRIVATE KEY") ? new ResponseVerdict.Blocked("private key in output", "pem") : new ResponseVerdict.Pass("clean")));
    Kernel k = kernel();
    CapabilityToken t = token("cap-1", grant("*", "*"));
    Completion redacted = k.complete((Verdict.Allow) k.evaluate(call(t, "read_file", READ_ARGS).build()),
        new ToolOutcome.Success(Json.object().put("content", "AKIAIOSFODNN7EXAMPLE"), null));
    assertThat(redacted.delivered()).isTrue();
    assertThat(redacted.output()).isEqualTo(Json.object().put("content", "[REDACTED]"));
    assertThat(redacted.receipt().redactionMode()).isEqualTo(RedactionMode.REDACTED);
    assertThat(redacted.receipt().contentHash()).isEqualTo(Sha256.hex(CanonicalJson.bytes(redacted.output())));
    Completion blocked = k.complete((Verdict.Allow) k.evaluate(call(t, "read_file", READ_ARGS).build()),
        new ToolOutcome.Success(Json.object().put("content", "-----BEGIN PRIVATE KEY-----"), null));
    assertThat(blocked.delivered()).isFalse();
    assertThat(blocked.output()).isNull();
    assertThat(blocked.reason()).isEqualTo("guard \"response-sanitization\" denied the response: private key in output");
    assertThat(blocked.receipt().decision().orElseThrow()).isInstanceOf(Decision.Deny.class);
  }

  @Test
  void everyReceiptOfADenySequenceVerifiesAndChangesIfTampered() {
    Verdict v = kernel().evaluate(call(token("cap-1", grant("srv-files", "read_file")), "write_file", READ_ARGS).build());
    ObjectNode wire = v.receipt().toJson();
    wire.withObjectProperty("decision").put("verdict", "allow");
    wire.withObjectProperty("decision").remove("reason");
    wire.withObjectProperty("decision").remove("guard");
    assertThat(ReceiptVerifier.trusting(KERNEL_KEY.publicKey()).verify(ChioReceipt.fromJson(wire)).ok()).isFalse();
  }

  /** Every single-byte change to a valid token's bytes yields a deny, never an allow. */
  @Test
  void flippingAnyByteOfTheCapabilityNeverAllows() {
    Kernel k = kernel();
    byte[] good = token("cap-1", grant("srv-files", "read_file")).canonicalBytes();
    assertThat(k.evaluate(call(null, "read_file", READ_ARGS).capabilityJson(good).build())).isInstanceOf(Verdict.Allow.class);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      Verdict v = k.evaluate(call(null, "read_file", READ_ARGS).capabilityJson(bad).build());
      assertThat(v.kind()).as("byte %d", i).isEqualTo(Verdict.Kind.DENY);
    }
  }
}
