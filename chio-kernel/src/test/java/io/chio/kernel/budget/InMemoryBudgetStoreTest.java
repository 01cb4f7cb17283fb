package io.chio.kernel.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.BudgetLimits;
import io.chio.kernel.store.BudgetState;
import io.chio.kernel.store.PreCharge;
import io.chio.kernel.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {
  static final BudgetKey KEY = new BudgetKey("cap-1", 0);

  final InMemoryBudgetStore store = new InMemoryBudgetStore();

  static BudgetLimits limits(Long maxInvocations, Long perCall, Long total) {
    return new BudgetLimits(maxInvocations, perCall, total, "USD");
  }

  BudgetHold charge(BudgetLimits limits, long cost) {
    PreCharge p = store.preCharge(KEY, limits, cost);
    assertThat(p).isInstanceOf(PreCharge.Charged.class);
    return ((PreCharge.Charged) p).hold();
  }

  @Test
  void thousandThreadsAgainstHundredInvocationsAllowExactlyHundred() throws Exception {
    BudgetLimits limits = limits(100L, null, null);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger allowed = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
          PreCharge p = store.preCharge(KEY, limits, 0);
          if (p instanceof PreCharge.Charged) {
            allowed.incrementAndGet();
          } else {
            refused.incrementAndGet();
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    assertThat(allowed.get()).isEqualTo(100);
    assertThat(refused.get()).isEqualTo(900);
    assertThat(store.state(KEY).invocations()).isEqualTo(100);
  }

  /**
   * Many threads charge random costs against a 5000-unit total and settle each hold at random
   * (reconcile with a reported cost or none, release, reverse). The committed total is never
   * above 5000 at any observation, and at the end the realized total equals the sum of what each
   * reconcile should have charged.
   */
  @Test
  void totalBudgetIsNeverExceededAndReconcilesExactly() throws Exception {
    long total = 5000;
    BudgetLimits limits = limits(null, 300L, total);
    int threads = 16;
    int callsPerThread = 2000;
    AtomicLong expectedRealized = new AtomicLong();
    AtomicLong expectedInvocations = new AtomicLong();
    AtomicLong maxCommittedSeen = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = 1000 + t;
      Thread w = new Thread(() -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        try {
          start.await();
          for (int i = 0; i < callsPerThread; i++) {
            long cost = rnd.nextLong(1, 301);
            PreCharge p = store.preCharge(KEY, limits, cost);
            BudgetState s = store.state(KEY);
            maxCommittedSeen.accumulateAndGet(s.committedUnits(), Math::max);
            if (!(p instanceof PreCharge.Charged c)) {
              continue;
            }
            BudgetHold hold = c.hold();
            int action = rnd.nextInt(4);
            if (action == 0) {
              store.reverse(hold);
            } else if (action == 1) {
              store.release(hold);
              expectedInvocations.incrementAndGet();
            } else if (action == 2) {
              store.reconcile(hold, null);
              expectedRealized.addAndGet(cost);
              expectedInvocations.incrementAndGet();
            } else {
              long reported = rnd.nextLong(0, cost * 2);
              store.reconcile(hold, reported);
              expectedRealized.addAndGet(Math.min(reported, cost));
              expectedInvocations.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertThat(errors).isEmpty();
    BudgetState end = store.state(KEY);
    assertThat(maxCommittedSeen.get()).isLessThanOrEqualTo(total);
    assertThat(end.exposedUnits()).isZero();
    assertThat(end.realizedUnits()).isEqualTo(expectedRealized.get()).isLessThanOrEqualTo(total);
    assertThat(end.invocations()).isEqualTo(expectedInvocations.get());
    // The budget was actually driven to exhaustion, so the bound above was exercised.
    assertThat(end.realizedUnits()).isGreaterThan(total - 300);
  }

  @Test
  void holdsNeverExceedTheTotalEvenWhenNothingSettles() throws Exception {
    BudgetLimits limits = limits(null, null, 5000L);
    AtomicLong held = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      long seed = t;
      Thread w = new Thread(() -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < 500; i++) {
          if (store.preCharge(KEY, limits, rnd.nextLong(1, 50)) instanceof PreCharge.Charged c) {
            held.addAndGet(c.hold().heldUnits());
          }
        }
      });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertThat(held.get()).isLessThanOrEqualTo(5000).isEqualTo(store.state(KEY).exposedUnits());
  }

  @Test
  void exactlyTheTotalCanBeSpentButNotOneUnitMore() throws Exception {
    BudgetLimits limits = limits(null, null, 5000L);
    store.reconcile(charge(limits, 4999), null);
    store.reconcile(charge(limits, 1), null);
    assertThat(store.preCharge(KEY, limits, 1)).isInstanceOf(PreCharge.Exhausted.class);
    assertThat(store.preCharge(KEY, limits, 0)).isInstanceOf(PreCharge.Charged.class);
    assertThat(store.state(KEY).realizedUnits()).isEqualTo(5000);
  }

  @Test
  void hugeCostCannotOverflowPastTheTotalCheck() throws Exception {
    BudgetLimits limits = limits(null, null, 5000L);
    charge(limits, 10);
    assertThat(store.preCharge(KEY, limits, Long.MAX_VALUE)).isInstanceOf(PreCharge.Exhausted.class);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(1, 10, 0));
  }

  @Test
  void perInvocationMaximumIsInclusive() throws Exception {
    BudgetLimits limits = limits(null, 100L, null);
    charge(limits, 100);
    PreCharge p = store.preCharge(KEY, limits, 101);
    assertThat(p).isInstanceOf(PreCharge.Exhausted.class);
    assertThat(((PreCharge.Exhausted) p).reason()).contains("per-invocation");
    assertThat(store.state(KEY).invocations()).isEqualTo(1);
  }

  @Test
  void invocationLimitNamesTheLimit() throws Exception {
    BudgetLimits limits = limits(2L, null, null);
    charge(limits, 0);
    charge(limits, 0);
    PreCharge p = store.preCharge(KEY, limits, 0);
    assertThat(((PreCharge.Exhausted) p).reason()).contains("invocation limit").contains("2");
  }

  @Test
  void reverseUndoesCountAndHold() throws Exception {
    BudgetLimits limits = limits(1L, null, 100L);
    BudgetHold hold = charge(limits, 60);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(1, 60, 0));
    store.reverse(hold);
    assertThat(store.state(KEY)).isEqualTo(BudgetState.EMPTY);
    // The single invocation is available again.
    charge(limits, 100);
  }

  @Test
  void releaseKeepsTheInvocationButDropsTheHold() throws Exception {
    BudgetLimits limits = limits(1L, null, 100L);
    BudgetHold hold = charge(limits, 60);
    store.release(hold);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(1, 0, 0));
    assertThat(store.preCharge(KEY, limits, 0)).isInstanceOf(PreCharge.Exhausted.class);
  }

  @Test
  void reconcileChargesTheSmallerOfReportedAndHeld() throws Exception {
    BudgetLimits limits = limits(null, null, 1000L);
    store.reconcile(charge(limits, 100), 30L);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(1, 0, 30));
    store.reconcile(charge(limits, 100), 250L);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(2, 0, 130));
    store.reconcile(charge(limits, 100), null);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(3, 0, 230));
    store.reconcile(charge(limits, 100), 0L);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(4, 0, 230));
  }

  @Test
  void aHoldSettlesExactlyOnce() throws Exception {
    BudgetLimits limits = limits(null, null, 1000L);
    BudgetHold hold = charge(limits, 100);
    store.reconcile(hold, null);
    assertThatThrownBy(() -> store.reconcile(hold, null)).isInstanceOf(StoreException.class).hasMessageContaining("not outstanding");
    assertThatThrownBy(() -> store.reverse(hold)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.release(hold)).isInstanceOf(StoreException.class);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(1, 0, 100));
  }

  @Test
  void forgedHoldsAreRefused() throws Exception {
    BudgetLimits limits = limits(null, null, 1000L);
    BudgetHold real = charge(limits, 100);
    assertThatThrownBy(() -> store.reverse(new BudgetHold("hold-999", KEY, 100))).isInstanceOf(StoreException.class);
    // Same id, inflated amount: refused, and the real hold is still outstanding.
    assertThatThrownBy(() -> store.reverse(new BudgetHold(real.holdId(), KEY, 1000))).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.reverse(new BudgetHold(real.holdId(), new BudgetKey("cap-1", 1), 100))).isInstanceOf(StoreException.class);
    store.reverse(real);
    assertThat(store.state(KEY)).isEqualTo(BudgetState.EMPTY);
  }

  @Test
  void keysAreIndependent() throws Exception {
    BudgetLimits limits = limits(1L, null, null);
    charge(limits, 0);
    assertThat(store.preCharge(new BudgetKey("cap-1", 1), limits, 0)).isInstanceOf(PreCharge.Charged.class);
    assertThat(store.preCharge(new BudgetKey("cap-2", 0), limits, 0)).isInstanceOf(PreCharge.Charged.class);
    assertThat(store.state(new BudgetKey("cap-3", 0))).isEqualTo(BudgetState.EMPTY);
  }

  @Test
  void negativeAmountsAreRejected() throws Exception {
    assertThatThrownBy(() -> store.preCharge(KEY, BudgetLimits.UNLIMITED, -1)).isInstanceOf(IllegalArgumentException.class);
    BudgetHold hold = charge(BudgetLimits.UNLIMITED, 5);
    assertThatThrownBy(() -> store.reconcile(hold, -1L)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.state(KEY)).isEqualTo(new BudgetState(1, 5, 0));
  }
}
