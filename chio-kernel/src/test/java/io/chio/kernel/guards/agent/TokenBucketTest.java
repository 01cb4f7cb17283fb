package io.chio.kernel.guards.agent;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void startsFullAndRefillsExactlyPerWindow() {
    TokenBucket b = new TokenBucket(new TokenBucket.Limit(3, 3, 1000), 0);
    assertThat(b.tokens()).isEqualTo(3);
    b.take(3);
    b.refill(333);
    assertThat(b.tokens()).isZero(); // 999/1000 of a token
    b.refill(334);
    assertThat(b.tokens()).isEqualTo(1); // 1002/1000
    b.refill(1000);
    assertThat(b.tokens()).isEqualTo(3);
    b.refill(5000);
    assertThat(b.tokens()).isEqualTo(3); // capped
  }

  @Test
  void millisecondStepsAccumulateWithoutDrift() {
    TokenBucket b = new TokenBucket(new TokenBucket.Limit(7, 7, 60_000), 0);
    b.take(7);
    for (long t = 1; t <= 60_000; t++) {
      b.refill(t);
    }
    assertThat(b.tokens()).isEqualTo(7);
  }

  @Test
  void clockGoingBackwardsAddsNothing() {
    TokenBucket b = new TokenBucket(new TokenBucket.Limit(10, 10, 1000), 10_000);
    b.take(10);
    b.refill(5_000);
    assertThat(b.tokens()).isZero();
    b.refill(10_100); // only 100 ms after the original time
    assertThat(b.tokens()).isEqualTo(1);
  }

  @Test
  void hugeValuesSaturateInsteadOfOverflowing() {
    TokenBucket b = new TokenBucket(new TokenBucket.Limit(Long.MAX_VALUE, Long.MAX_VALUE / 2, 1), 0);
    b.take(Long.MAX_VALUE);
    b.refill(Long.MAX_VALUE);
    assertThat(b.tokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(TokenBucket.Limit.of(1L << 53, 1000, 1000).capacity()).isPositive();
  }

  @Test
  void burstFactorRoundsAndNeverDropsBelowOne() {
    assertThat(TokenBucket.Limit.of(10, 1000, 1.5).capacity()).isEqualTo(15);
    assertThat(TokenBucket.Limit.of(1, 1000, 0.1).capacity()).isEqualTo(1);
  }

  /** With no takes, the level is min(capacity, floor(elapsed * perWindow / window)) however time is split. */
  @Property(tries = 300)
  void refillIsIndependentOfHowTimeIsSplit(@ForAll @IntRange(min = 1, max = 50) int perWindow, @ForAll @IntRange(min = 1, max = 10_000) int window,
      @ForAll @Size(max = 40) List<@LongRange(min = 0, max = 5_000) Long> steps) {
    TokenBucket.Limit limit = new TokenBucket.Limit(1_000, perWindow, window);
    TokenBucket b = new TokenBucket(limit, 0);
    b.take(1_000);
    long t = 0;
    for (long s : steps) {
      t += s;
      b.refill(t);
    }
    assertThat(b.tokens()).isEqualTo(Math.min(1_000, t * perWindow / window));
  }
}
