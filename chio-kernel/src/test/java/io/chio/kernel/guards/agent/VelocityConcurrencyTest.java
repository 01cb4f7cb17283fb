package io.chio.kernel.guards.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Limits hold exactly under contention: no lost updates, no over-admission. */
class VelocityConcurrencyTest {
  private static final int THREADS = 16;
  private static final int CALLS_PER_THREAD = 100;

  @Test
  void velocityAdmitsExactlyTheLimitAtAFixedInstant() throws Exception {
    Guard g = Calls.guard("velocity", "{\"max_invocations_per_window\": 500}");
    ToolCall call = Calls.call("read_file", "{\"path\":\"/w/a\"}", "agent-1", null, "cap-1", 0, null);
    assertThat(hammer(g, t -> call, Calls.T0)).isEqualTo(500);
  }

  @Test
  void velocitySpendAdmitsExactlyTheBudget() throws Exception {
    Guard g = Calls.guard("velocity", "{\"max_spend_per_window\": 3500}");
    ToolCall call = Calls.call("pay", "{}", "agent-1", null, "cap-1", 0, 7L);
    assertThat(hammer(g, t -> call, Calls.T0)).isEqualTo(500);
  }

  @Test
  void agentVelocityAdmitsExactlyTheLimitAcrossCapabilities() throws Exception {
    Guard g = Calls.guard("agent-velocity", "{\"max_requests_per_agent\": 500}");
    // each thread presents its own capability: the agent limit is across all of them
    assertThat(hammer(g, t -> Calls.call("search", "{}", "agent-1", null, "cap-" + t, 0, null), Calls.T0)).isEqualTo(500);
  }

  @Test
  void agentAndSessionBucketsAreTakenTogetherOrNotAtAll() throws Exception {
    // agent limit 500, session limit 300: half the threads use session A, half session B
    Guard g = Calls.guard("agent-velocity", "{\"max_requests_per_agent\": 500, \"max_requests_per_session\": 300}");
    int allowed = hammer(g, t -> Calls.call("search", "{}", "agent-1", t % 2 == 0 ? "A" : "B", "cap-1", 0, null), Calls.T0);
    // 800 session calls per session > 300, so each session admits 300 unless the agent bucket runs out first
    assertThat(allowed).isEqualTo(500);
    // the agent bucket is empty; a third session gets nothing even though its own bucket is full
    ToolCall fresh = Calls.call("search", "{}", "agent-1", "C", "cap-1", 0, null);
    assertThat(Calls.eval(g, fresh, Calls.T0)).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void separateGrantsDoNotShareABucket() throws Exception {
    Guard g = Calls.guard("velocity", "{\"max_invocations_per_window\": 50}");
    int allowed = hammer(g, t -> Calls.call("read_file", "{\"path\":\"/w/a\"}", "agent-1", null, "cap-1", t, null), Calls.T0);
    assertThat(allowed).isEqualTo(THREADS * 50);
  }

  /**
   * Many keys, a moving clock and frequent sweeps: per key, admissions never exceed what the bucket
   * could have supplied (capacity + refill over the elapsed time), even while states are evicted.
   */
  @Test
  void evictionUnderLoadNeverOverAdmits() throws Exception {
    VelocityGuard g = new VelocityGuard(VelocityConfig.parse("velocity", Calls.json("{\"max_invocations_per_window\": 5, \"window_secs\": 1}")),
        10_000);
    AtomicLong clock = new AtomicLong(Calls.T0);
    ConcurrentHashMap<String, AtomicInteger> admitted = new ConcurrentHashMap<>();
    int keys = 40;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      final int seed = t;
      futures.add(pool.submit((Callable<Void>) () -> {
        start.await();
        for (int i = 0; i < 20_000; i++) {
          String cap = "cap-" + ((i * 7 + seed * 13) % keys);
          // every 500th call jumps the clock 2 s so idle states become full and get evicted
          long now = i % 500 == 0 ? clock.addAndGet(2000) : clock.incrementAndGet();
          GuardResult r = Calls.eval(g, Calls.call("x", "{}", "a", null, cap, 0, null), now);
          if (r instanceof GuardResult.Allow) {
            admitted.computeIfAbsent(cap, k -> new AtomicInteger()).incrementAndGet();
          }
          if (i % 97 == 0) {
            g.sweep(now);
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<Void> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    long elapsedMs = clock.get() - Calls.T0;
    long bound = 5 + elapsedMs * 5 / 1000;
    assertThat(admitted).hasSize(keys);
    admitted.forEach((cap, n) -> assertThat(n.get()).as(cap).isLessThanOrEqualTo((int) bound));
  }

  private static int hammer(Guard g, IntFunction<ToolCall> callForThread, long now) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger allowed = new AtomicInteger();
    List<Future<Void>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      ToolCall call = callForThread.apply(t);
      futures.add(pool.submit((Callable<Void>) () -> {
        start.await();
        for (int i = 0; i < CALLS_PER_THREAD; i++) {
          if (Calls.eval(g, call, now) instanceof GuardResult.Allow) {
            allowed.incrementAndGet();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<Void> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    return allowed.get();
  }
}
