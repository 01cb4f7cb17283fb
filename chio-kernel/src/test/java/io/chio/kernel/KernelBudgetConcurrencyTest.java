package io.chio.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.MonetaryAmount;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.kernel.budget.InMemoryBudgetStore;
import io.chio.kernel.policy.PolicyLoader;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.InMemoryReceiptLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Budgets through the whole kernel (capability, default guard pipeline, signed receipt), not just
 * the store: concurrent callers can never spend more than the capability grants.
 */
class KernelBudgetConcurrencyTest {
  static final long NOW = 1_700_000_000L;
  static final Ed25519SigningKey AUTHORITY = Ed25519SigningKey.fromSeedHex("11".repeat(32));
  static final Ed25519SigningKey KERNEL_KEY = Ed25519SigningKey.fromSeedHex("22".repeat(32));
  static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeedHex("33".repeat(32));

  final InMemoryReceiptLog log = new InMemoryReceiptLog();
  final InMemoryBudgetStore budgets = new InMemoryBudgetStore();

  Kernel kernel() throws Exception {
    return Kernel.builder()
        .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
        .signingKey(KERNEL_KEY)
        .trustedIssuers(Set.of(AUTHORITY.publicKey()))
        .policy(PolicyLoader.parse("hushspec: \"0.1.0\"\n", "default.yaml"))
        .budgetStore(budgets)
        .receiptLog(log)
        // The subject here is the budget, not guard speed: 1000 threads on two cores must not
        // turn scheduling delays into guard-deadline denies.
        .guardDeadline(Duration.ofSeconds(30))
        .build();
  }

  static CapabilityToken token(String id, ToolGrant grant) {
    return CapabilityToken.issue(AUTHORITY, id, AGENT.publicKey(), Scope.ofTools(List.of(grant)), NOW - 60, NOW + 3600);
  }

  static ToolCallRequest request(CapabilityToken t, String server, String tool, ObjectNode args, GovernedIntent intent) {
    ToolCallRequest.Builder b = ToolCallRequest.builder("req", server, tool, AGENT.publicKey().toHex()).capability(t).arguments(args);
    return (intent == null ? b : b.governedIntent(intent)).build();
  }

  @Test
  void thousandThreadsOneCallEachAgainstMaxInvocationsHundredAllowExactlyHundred() throws Exception {
    Kernel k = kernel();
    CapabilityToken t = token("cap-hundred", ToolGrant.of("srv-files", "read_file", List.of(Operation.INVOKE)).withMaxInvocations(100L));
    ToolCallRequest req = request(t, "srv-files", "read_file", (ObjectNode) Json.parse("{\"path\":\"/workspace/a.txt\"}"), null);
    AtomicInteger allowed = new AtomicInteger();
    AtomicInteger budgetDenied = new AtomicInteger();
    List<Verdict> verdicts = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        Verdict v = k.evaluate(req);
        verdicts.add(v);
        if (v instanceof Verdict.Allow) {
          allowed.incrementAndGet();
        } else if (v instanceof Verdict.Deny d && d.denyKind() == DenyKind.BUDGET_EXHAUSTED) {
          budgetDenied.incrementAndGet();
        }
      });
      th.start();
      threads.add(th);
    }
    start.countDown();
    for (Thread th : threads) {
      th.join();
    }
    assertThat(allowed.get()).isEqualTo(100);
    assertThat(budgetDenied.get()).isEqualTo(900);
    assertThat(budgets.state(new BudgetKey("cap-hundred", 0)).invocations()).isEqualTo(100);
    // Exactly one signed receipt per evaluation, each verifying under the kernel key.
    assertThat(log.records()).hasSize(1000);
    ReceiptVerifier verifier = ReceiptVerifier.trusting(KERNEL_KEY.publicKey());
    for (Verdict v : verdicts) {
      ChioReceipt r = v.receipt();
      assertThat(verifier.verify(r).ok()).as(r.id()).isTrue();
    }
  }

  @Test
  void aFiveThousandUnitTotalIsNeverExceededUnderConcurrentCalls() throws Exception {
    Kernel k = kernel();
    CapabilityToken t = token("cap-money", ToolGrant.of("srv-pay", "charge", List.of(Operation.INVOKE))
        .withMaxCostPerInvocation(new MonetaryAmount(300, "USD"))
        .withMaxTotalCost(new MonetaryAmount(5000, "USD")));
    ObjectNode args = Json.object().put("amount", 1);
    AtomicLong reportedSpend = new AtomicLong();
    AtomicInteger completed = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      long seed = i;
      Thread th = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(seed);
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int call = 0; call < 60; call++) {
          long intent = 1 + random.nextInt(300);
          Verdict v = k.evaluate(request(t, "srv-pay", "charge", args, new GovernedIntent(intent, "USD")));
          if (v instanceof Verdict.Allow a) {
            // The tool reports what it really charged, never more than the call declared.
            long charged = 1 + random.nextLong(intent);
            Completion c = k.complete(a, new ToolOutcome.Success(Json.object().put("charged", charged), charged));
            if (c.delivered()) {
              reportedSpend.addAndGet(charged);
              completed.incrementAndGet();
            }
          }
        }
      });
      th.start();
      threads.add(th);
    }
    start.countDown();
    for (Thread th : threads) {
      th.join();
    }
    long realized = budgets.state(new BudgetKey("cap-money", 0)).realizedUnits();
    assertThat(realized).isEqualTo(reportedSpend.get());
    assertThat(realized).isLessThanOrEqualTo(5000);
    assertThat(completed.get()).isPositive();
    // With nothing held any more, a worst-case call is allowed exactly while it still fits.
    while (k.evaluate(request(t, "srv-pay", "charge", args, new GovernedIntent(300, "USD"))) instanceof Verdict.Allow a) {
      k.complete(a, new ToolOutcome.Success(Json.object().put("charged", 300), 300L));
    }
    long finalSpend = budgets.state(new BudgetKey("cap-money", 0)).realizedUnits();
    assertThat(finalSpend).isLessThanOrEqualTo(5000).isGreaterThan(5000 - 300);
  }
}
