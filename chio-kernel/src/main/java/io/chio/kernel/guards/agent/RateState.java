package io.chio.kernel.guards.agent;

/**
 * The buckets of one rate key (e.g. an invocation bucket and a spend bucket for one grant). All
 * access is under {@code synchronized (state)}; {@link BucketTable} marks a state {@code dead} when
 * it evicts it so that a caller holding a stale reference retries with a fresh one.
 */
final class RateState {
  private final TokenBucket[] buckets;
  private boolean dead;

  RateState(TokenBucket.Limit[] limits, long nowMillis) {
    buckets = new TokenBucket[limits.length];
    for (int i = 0; i < limits.length; i++) {
      buckets[i] = limits[i] == null ? null : new TokenBucket(limits[i], nowMillis);
    }
  }

  /** Bucket {@code i}, or null when that limit is not configured. */
  TokenBucket bucket(int i) {
    return buckets[i];
  }

  void refill(long nowMillis) {
    for (TokenBucket b : buckets) {
      if (b != null) {
        b.refill(nowMillis);
      }
    }
  }

  /** Full buckets behave exactly like fresh ones, so dropping this state changes no decision. */
  boolean isFull() {
    for (TokenBucket b : buckets) {
      if (b != null && !b.isFull()) {
        return false;
      }
    }
    return true;
  }

  boolean isDead() {
    return dead;
  }

  void kill() {
    dead = true;
  }
}
