package io.chio.kernel.dpop;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Seen {@code (nonce, capability_id)} pairs, each kept until the last second its proof could still
 * be fresh. Bounded: expired pairs are dropped first, and when the cache is full of live pairs a
 * new proof is refused rather than forgetting a live one (forgetting would let that proof be
 * replayed).
 */
final class DpopReplayCache {
  enum Outcome {
    FRESH,
    REPLAY,
    FULL
  }

  private record Key(String nonce, String capabilityId) {}

  private record Entry(Key key, long validThrough) {}

  private final int capacity;
  private final Map<Key, Long> live = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.validThrough, b.validThrough));

  DpopReplayCache(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Records the pair unless it is live already; {@code validThrough} is the last second (inclusive) the proof is fresh. */
  synchronized Outcome checkAndInsert(String nonce, String capabilityId, long validThrough, long now) {
    evictExpired(now);
    Key key = new Key(nonce, capabilityId);
    if (live.containsKey(key)) {
      return Outcome.REPLAY;
    }
    if (live.size() >= capacity) {
      return Outcome.FULL;
    }
    live.put(key, validThrough);
    byExpiry.add(new Entry(key, validThrough));
    return Outcome.FRESH;
  }

  synchronized int size() {
    return live.size();
  }

  private void evictExpired(long now) {
    while (!byExpiry.isEmpty() && byExpiry.peek().validThrough < now) {
      Entry e = byExpiry.poll();
      live.remove(e.key, e.validThrough);
    }
  }
}
