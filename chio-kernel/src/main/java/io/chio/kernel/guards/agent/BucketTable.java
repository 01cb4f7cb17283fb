package io.chio.kernel.guards.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Concurrent rate state per key, with bounded memory.
 *
 * <p>Eviction is exact: a sweep refills each idle state to the caller's {@code nowMillis} and drops
 * it only when every bucket is full again, because a full bucket and a missing one (recreated full)
 * give the same decisions. So an agent cannot reset its limit by waiting for eviction, and memory
 * holds only keys used within about one refill time ({@code window_secs * burst_factor}). Sweeps run
 * every {@value #SWEEP_EVERY} calls, and at most once a second while the table is at {@code
 * maxKeys}. When the table is still full of active keys, a new key is refused (the caller denies:
 * fail closed) rather than evicting a key that still has a partly used bucket.
 *
 * <p>Callers' clocks may differ slightly between threads; a state recreated after an eviction
 * starts no earlier than the sweep that evicted its predecessor, so no interval is refilled twice.
 *
 * <p>Sweeps never run while a state lock is held, and callers that nest two tables always lock the
 * outer table's state first, so there is no lock cycle.
 */
final class BucketTable<K> {
  static final int DEFAULT_MAX_KEYS = 100_000;
  private static final int SWEEP_EVERY = 1024;

  private final ConcurrentHashMap<K, RateState> states = new ConcurrentHashMap<>();
  private final TokenBucket.Limit[] limits;
  private final int maxKeys;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private volatile long lastFullSweepMillis = Long.MIN_VALUE;
  /** Highest sweep time; a state evicted at time S was refilled to S. */
  private final AtomicLong sweptUpTo = new AtomicLong(Long.MIN_VALUE);

  BucketTable(TokenBucket.Limit[] limits, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be >= 1");
    }
    this.limits = limits.clone();
    this.maxKeys = maxKeys;
  }

  /** Call once per evaluation, before {@link #withState}; sweeps idle states now and then. */
  void maintain(long nowMillis) {
    boolean periodic = (calls.incrementAndGet() % SWEEP_EVERY) == 0;
    long last = lastFullSweepMillis;
    boolean full = states.size() >= maxKeys && (last == Long.MIN_VALUE || nowMillis < last || nowMillis - last >= 1000);
    if (periodic || full) {
      if (full) {
        lastFullSweepMillis = nowMillis;
      }
      sweep(nowMillis);
    }
  }

  /**
   * Runs {@code fn} on the key's state under its lock, refilled to {@code nowMillis}. Returns null
   * when the key is new and the table is full.
   */
  <R> R withState(K key, long nowMillis, Function<RateState, R> fn) {
    while (true) {
      RateState s = states.get(key);
      if (s == null) {
        if (states.size() >= maxKeys) {
          return null;
        }
        // A recreated state must not refill again over time its evicted predecessor already counted.
        long start = Math.max(nowMillis, sweptUpTo.get());
        s = states.computeIfAbsent(key, k -> new RateState(limits, start));
      }
      synchronized (s) {
        if (s.isDead()) {
          continue;
        }
        s.refill(nowMillis);
        return fn.apply(s);
      }
    }
  }

  void sweep(long nowMillis) {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      sweptUpTo.accumulateAndGet(nowMillis, Math::max);
      for (Map.Entry<K, RateState> e : states.entrySet()) {
        RateState s = e.getValue();
        synchronized (s) {
          s.refill(nowMillis);
          if (s.isFull()) {
            s.kill();
            states.remove(e.getKey(), s);
          }
        }
      }
    } finally {
      sweeping.set(false);
    }
  }

  int size() {
    return states.size();
  }

  int maxKeys() {
    return maxKeys;
  }
}
