package io.chio.kernel.guards.agent;

/**
 * A token bucket in exact integer arithmetic: {@code perWindow} tokens are added every {@code
 * windowMillis}, up to {@code capacity}. The fractional part of the level is kept as a remainder in
 * units of {@code 1/windowMillis} token, so there is no rounding drift however the calls are spaced.
 * Time comes only from the caller ({@code GuardContext.nowMillis}); a clock that steps backwards
 * adds nothing. Not thread-safe: callers hold the owning {@link RateState}'s lock.
 */
final class TokenBucket {
  /** Shape of a bucket; {@code capacity >= 1}, {@code perWindow >= 1}, {@code windowMillis >= 1}. */
  record Limit(long capacity, long perWindow, long windowMillis) {
    Limit {
      if (capacity < 1 || perWindow < 1 || windowMillis < 1) {
        throw new IllegalArgumentException("bucket limit out of range");
      }
    }

    /** {@code perWindow * burstFactor} rounded, at least 1. */
    static Limit of(long perWindow, long windowMillis, double burstFactor) {
      double c = Math.rint(perWindow * burstFactor);
      long capacity = c >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1L, (long) c);
      return new Limit(capacity, perWindow, windowMillis);
    }
  }

  private final Limit limit;
  private long tokens;
  private long remainder;
  private long lastMillis;

  TokenBucket(Limit limit, long nowMillis) {
    this.limit = limit;
    this.tokens = limit.capacity();
    this.lastMillis = nowMillis;
  }

  /** Adds what accrued since the last refill. */
  void refill(long nowMillis) {
    if (nowMillis <= lastMillis) {
      return;
    }
    long elapsed = nowMillis - lastMillis;
    lastMillis = nowMillis;
    if (tokens >= limit.capacity()) {
      remainder = 0;
      return;
    }
    // units of 1/windowMillis token: elapsed * perWindow; saturate to "full" instead of overflowing
    if (elapsed > (Long.MAX_VALUE - remainder) / limit.perWindow()) {
      fill();
      return;
    }
    long units = remainder + elapsed * limit.perWindow();
    long whole = units / limit.windowMillis();
    if (whole >= limit.capacity() - tokens) {
      fill();
    } else {
      tokens += whole;
      remainder = units % limit.windowMillis();
    }
  }

  private void fill() {
    tokens = limit.capacity();
    remainder = 0;
  }

  boolean canTake(long n) {
    return tokens >= n;
  }

  void take(long n) {
    tokens -= n;
  }

  long tokens() {
    return tokens;
  }

  boolean isFull() {
    return tokens >= limit.capacity();
  }

  Limit limit() {
    return limit;
  }
}
