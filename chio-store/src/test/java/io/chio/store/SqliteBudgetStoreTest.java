package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetKey;
import io.chio.kernel.store.BudgetLimits;
import io.chio.kernel.store.BudgetState;
import io.chio.kernel.store.PreCharge;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBudgetStoreTest {
  private static final BudgetKey KEY = new BudgetKey("cap-1", 0);
  private static final BudgetLimits TOTAL_5000 = new BudgetLimits(null, null, 5000L, "USD");

  @TempDir Path dir;

  private static BudgetHold charged(PreCharge p) {
    assertThat(p).isInstanceOf(PreCharge.Charged.class);
    return ((PreCharge.Charged) p).hold();
  }

  @Test
  void preChargeCountsAndHoldsThenReconcileRealizesMinOfReportedAndHeld() throws Exception {
    try (SqliteBudgetStore s = SqliteBudgetStore.open(dir.resolve("b.db"))) {
      BudgetHold h = charged(s.preCharge(KEY, TOTAL_5000, 100));
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(1, 100, 0));
      s.reconcile(h, 250L); // a tool reporting more than was held is charged the hold
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(1, 0, 100));
      BudgetHold h2 = charged(s.preCharge(KEY, TOTAL_5000, 100));
      s.reconcile(h2, 30L);
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(2, 0, 130));
      BudgetHold h3 = charged(s.preCharge(KEY, TOTAL_5000, 40));
      s.reconcile(h3, null); // no reported cost: charged the held amount
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(3, 0, 170));
    }
  }

  @Test
  void reverseUndoesCountAndHoldReleaseKeepsCount() throws Exception {
    try (SqliteBudgetStore s = SqliteBudgetStore.open(dir.resolve("b.db"))) {
      BudgetHold a = charged(s.preCharge(KEY, TOTAL_5000, 10));
      BudgetHold b = charged(s.preCharge(KEY, TOTAL_5000, 20));
      s.reverse(a);
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(1, 20, 0));
      s.release(b);
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(1, 0, 0));
    }
  }

  @Test
  void limitsAreEnforcedWithReasons() throws Exception {
    try (SqliteBudgetStore s = SqliteBudgetStore.open(dir.resolve("b.db"))) {
      BudgetLimits limits = new BudgetLimits(2L, 50L, 60L, "USD");
      assertThat(s.preCharge(KEY, limits, 51)).isInstanceOf(PreCharge.Exhausted.class)
          .extracting(p -> ((PreCharge.Exhausted) p).reason()).asString().contains("max_cost_per_invocation");
      charged(s.preCharge(KEY, limits, 50));
      assertThat(((PreCharge.Exhausted) s.preCharge(KEY, limits, 11)).reason()).contains("max_total_cost 60");
      charged(s.preCharge(KEY, limits, 10));
      assertThat(((PreCharge.Exhausted) s.preCharge(KEY, limits, 0)).reason()).contains("max_invocations 2");
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(2, 60, 0));
      // A different grant index is a separate budget.
      charged(s.preCharge(new BudgetKey("cap-1", 1), limits, 50));
    }
  }

  @Test
  void overflowIsExhaustionNotWraparound() throws Exception {
    try (SqliteBudgetStore s = SqliteBudgetStore.open(dir.resolve("b.db"))) {
      charged(s.preCharge(KEY, BudgetLimits.UNLIMITED, Long.MAX_VALUE - 1));
      assertThat(((PreCharge.Exhausted) s.preCharge(KEY, BudgetLimits.UNLIMITED, 5)).reason()).contains("overflow");
    }
  }

  @Test
  void settlingTwiceIsIdempotentForTheSameSettlementAndRefusedOtherwise() throws Exception {
    try (SqliteBudgetStore s = SqliteBudgetStore.open(dir.resolve("b.db"))) {
      BudgetHold h = charged(s.preCharge(KEY, TOTAL_5000, 100));
      s.reconcile(h, 40L);
      s.reconcile(h, 40L);
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(1, 0, 40));
      assertThatThrownBy(() -> s.reverse(h)).isInstanceOf(StoreException.class).hasMessageContaining("already reconciled");
      assertThatThrownBy(() -> s.reconcile(h, 41L)).isInstanceOf(StoreException.class);
      assertThatThrownBy(() -> s.release(new BudgetHold("no-such-hold", KEY, 1)))
          .isInstanceOf(StoreException.class).hasMessageContaining("unknown budget hold");
      BudgetHold h2 = charged(s.preCharge(KEY, TOTAL_5000, 100));
      assertThatThrownBy(() -> s.release(new BudgetHold(h2.holdId(), KEY, 1)))
          .isInstanceOf(StoreException.class).hasMessageContaining("does not match");
      assertThatThrownBy(() -> s.preCharge(KEY, TOTAL_5000, -1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.reconcile(h2, -1L)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void stateSurvivesReopen() throws Exception {
    try (SqliteBudgetStore s = SqliteBudgetStore.open(dir.resolve("b.db"))) {
      s.reconcile(charged(s.preCharge(KEY, TOTAL_5000, 70)), 60L);
    }
    try (SqliteBudgetStore s = SqliteBudgetStore.open(dir.resolve("b.db"))) {
      assertThat(s.state(KEY)).isEqualTo(new BudgetState(1, 0, 60));
    }
  }

  /**
   * Two store instances on one file (two connections: SQLite locks them exactly as it locks two
   * processes) and 16 threads race random charges and settlements against a 5000-unit budget.
   * The committed total never passes 5000 and matches the sum of what the threads were granted.
   */
  @Test
  void fiveThousandUnitBudgetIsNeverExceededAcrossInstancesAndThreads() throws Exception {
    Path file = dir.resolve("shared.db");
    try (SqliteBudgetStore a = SqliteBudgetStore.open(file);
        SqliteBudgetStore b = SqliteBudgetStore.open(file)) {
      AtomicLong granted = new AtomicLong();
      AtomicLong exhausted = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        SqliteBudgetStore store = t % 2 == 0 ? a : b;
        SplittableRandom rnd = new SplittableRandom(t);
        Callable<Void> task = () -> {
          for (int i = 0; i < 60; i++) {
            long cost = 1 + rnd.nextInt(40);
            PreCharge p = store.preCharge(KEY, TOTAL_5000, cost);
            if (p instanceof PreCharge.Exhausted) {
              exhausted.incrementAndGet();
              continue;
            }
            BudgetHold h = ((PreCharge.Charged) p).hold();
            switch (rnd.nextInt(4)) {
              case 0 -> store.reverse(h);
              case 1 -> store.release(h);
              case 2 -> {
                long reported = rnd.nextInt((int) cost + 1);
                store.reconcile(h, reported);
                granted.addAndGet(reported);
              }
              default -> granted.addAndGet(cost); // left held: counts against the budget
            }
            BudgetState now = store.state(KEY);
            if (now.committedUnits() > 5000) {
              throw new AssertionError("budget exceeded: " + now);
            }
          }
          return null;
        };
        fs.add(pool.submit(task));
      }
      for (Future<?> f : fs) {
        f.get(300, TimeUnit.SECONDS);
      }
      pool.shutdown();
      BudgetState end = a.state(KEY);
      assertThat(end.committedUnits()).isLessThanOrEqualTo(5000).isEqualTo(granted.get());
      assertThat(b.state(KEY)).isEqualTo(end);
      assertThat(exhausted.get()).as("the race must actually hit the limit").isPositive();
    }
  }
}
