package io.chio.core.capability;

import io.chio.core.crypto.Sha256;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded, thread-safe LRU cache in front of a {@link CapabilityVerifier}. A token presented again
 * costs a SHA-256 and a map lookup instead of signature checks.
 *
 * <p>Entries are keyed by SHA-256 of the token's exact bytes and also store those bytes, which are
 * compared on every hit: a different byte string can never be served another token's result, not
 * even on a hash collision. Only the time-independent results (signature, chain shape, trust) are
 * cached; the time status is recomputed against {@code now} on every call. Inputs that do not parse
 * are not cached; they throw every time.
 */
public final class VerifiedTokenCache {
  /** A parsed token together with its verification at the requested time. */
  public record Result(CapabilityToken token, CapabilityVerification verification) {}

  private record Cached(byte[] bytes, CapabilityToken token, CapabilityVerifier.Timeless timeless) {}

  private final CapabilityVerifier verifier;
  private final int maxEntries;
  private final Map<ByteBuffer, Cached> entries;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  public VerifiedTokenCache(CapabilityVerifier verifier, int maxEntries) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Cached> eldest) {
            return size() > VerifiedTokenCache.this.maxEntries;
          }
        };
  }

  /**
   * Parses (on a miss) and verifies the token whose wire bytes are {@code tokenJson}.
   *
   * @throws io.chio.core.ChioFormatException if the bytes are not a well-formed token
   */
  public Result verify(byte[] tokenJson, long nowEpochSeconds) {
    Objects.requireNonNull(tokenJson, "tokenJson");
    byte[] bytes = tokenJson.clone();
    Cached e = lookup(bytes);
    if (e == null) {
      CapabilityToken token = CapabilityToken.parse(bytes);
      e = store(bytes, token);
    }
    return new Result(e.token, CapabilityVerifier.withTime(e.timeless, e.token, nowEpochSeconds));
  }

  /** Verifies an already-parsed token, keyed by its canonical bytes (which include the signature). */
  public CapabilityVerification verify(CapabilityToken token, long nowEpochSeconds) {
    Objects.requireNonNull(token, "token");
    byte[] bytes = token.canonicalView();
    Cached e = lookup(bytes);
    if (e == null) {
      e = store(bytes.clone(), token);
    }
    return CapabilityVerifier.withTime(e.timeless, token, nowEpochSeconds);
  }

  private Cached lookup(byte[] bytes) {
    ByteBuffer key = ByteBuffer.wrap(Sha256.digest(bytes));
    Cached e;
    synchronized (entries) {
      e = entries.get(key);
    }
    if (e != null && Arrays.equals(e.bytes, bytes)) {
      hits.incrementAndGet();
      return e;
    }
    misses.incrementAndGet();
    return null;
  }

  private Cached store(byte[] bytes, CapabilityToken token) {
    // Verify outside the lock: signature checks are the expensive part and need no coordination.
    Cached e = new Cached(bytes, token, verifier.verifyTimeless(token));
    ByteBuffer key = ByteBuffer.wrap(Sha256.digest(bytes));
    synchronized (entries) {
      entries.put(key, e);
    }
    return e;
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  public int maxEntries() {
    return maxEntries;
  }
}
