package io.chio.core.capability;

import static io.chio.core.capability.Fixtures.ISSUER;
import static io.chio.core.capability.Fixtures.SUBJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.ChioFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
  private static final CapabilityVerifier VERIFIER =
      new CapabilityVerifier(Set.of(ISSUER.publicKey()), CapabilityVerifier.UNLIMITED_DEPTH);
  private static final byte[] VECTOR = Fixtures.DIRECT_VECTOR.getBytes(StandardCharsets.UTF_8);

  @Test
  void secondPresentationIsAHitAndTimeIsRecomputed() {
    VerifiedTokenCache cache = new VerifiedTokenCache(VERIFIER, 8);
    VerifiedTokenCache.Result first = cache.verify(VECTOR, 1_710_000_400L);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isZero();
    assertThat(first.verification().valid()).isTrue();

    VerifiedTokenCache.Result later = cache.verify(VECTOR.clone(), 1_710_000_800L);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(later.token()).isSameAs(first.token());
    assertThat(later.verification().signatureValid()).isTrue();
    assertThat(later.verification().timeStatus()).isEqualTo(TimeStatus.EXPIRED);
    assertThat(cache.verify(VECTOR, 1_710_000_000L).verification().timeStatus()).isEqualTo(TimeStatus.NOT_YET_VALID);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void differentBytesNeverShareAnEntry() {
    VerifiedTokenCache cache = new VerifiedTokenCache(VERIFIER, 8);
    assertThat(cache.verify(VECTOR, 1_710_000_400L).verification().valid()).isTrue();
    // Same token, different bytes (whitespace): its own miss and entry, same verdict.
    byte[] spaced = (" " + Fixtures.DIRECT_VECTOR).getBytes(StandardCharsets.UTF_8);
    assertThat(cache.verify(spaced, 1_710_000_400L).verification().valid()).isTrue();
    assertThat(cache.misses()).isEqualTo(2);
    // A tampered token is verified on its own, never served the good entry's result.
    byte[] tampered = Fixtures.DIRECT_VECTOR.replace("file_read", "file_rm!").getBytes(StandardCharsets.UTF_8);
    assertThat(cache.verify(tampered, 1_710_000_400L).verification().signatureValid()).isFalse();
    assertThat(cache.verify(tampered, 1_710_000_400L).verification().signatureValid()).isFalse();
    assertThat(cache.verify(VECTOR, 1_710_000_400L).verification().signatureValid()).isTrue();
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void mutatingTheCallersArrayAfterwardsCannotPoisonTheCache() {
    VerifiedTokenCache cache = new VerifiedTokenCache(VERIFIER, 8);
    byte[] mine = VECTOR.clone();
    cache.verify(mine, 1_710_000_400L);
    int at = Fixtures.DIRECT_VECTOR.indexOf("file_read");
    mine[at] = 'x';
    assertThat(cache.verify(mine, 1_710_000_400L).verification().signatureValid()).isFalse();
    assertThat(cache.verify(VECTOR, 1_710_000_400L).verification().signatureValid()).isTrue();
  }

  @Test
  void unparseableInputIsRejectedEveryTimeAndNotCached() {
    VerifiedTokenCache cache = new VerifiedTokenCache(VERIFIER, 8);
    byte[] bad = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> cache.verify(bad, 0)).isInstanceOf(ChioFormatException.class);
    assertThatThrownBy(() -> cache.verify(bad, 0)).isInstanceOf(ChioFormatException.class);
    assertThat(cache.size()).isZero();
  }

  @Test
  void boundedLeastRecentlyUsedEviction() {
    VerifiedTokenCache cache = new VerifiedTokenCache(VERIFIER, 3);
    List<CapabilityToken> tokens = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tokens.add(CapabilityToken.issue(ISSUER, "t" + i, SUBJECT.publicKey(), Fixtures.delegableScope(), 0, 10));
    }
    cache.verify(tokens.get(0), 1);
    cache.verify(tokens.get(1), 1);
    cache.verify(tokens.get(2), 1);
    cache.verify(tokens.get(0), 1); // touch t0 so t1 is the eldest
    cache.verify(tokens.get(3), 1); // evicts t1
    assertThat(cache.size()).isEqualTo(3);
    long misses = cache.misses();
    cache.verify(tokens.get(0), 1);
    assertThat(cache.misses()).isEqualTo(misses);
    cache.verify(tokens.get(1), 1);
    assertThat(cache.misses()).isEqualTo(misses + 1);
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void concurrentUseGivesConsistentResults() throws Exception {
    VerifiedTokenCache cache = new VerifiedTokenCache(VERIFIER, 4);
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      inputs.add(CapabilityToken.issue(i % 2 == 0 ? ISSUER : SUBJECT, "c" + i, SUBJECT.publicKey(), Fixtures.delegableScope(), 0, 10).canonicalBytes());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int n = 0; n < 400; n++) {
        int i = n % inputs.size();
        results.add(pool.submit(() -> cache.verify(inputs.get(i), 5).verification().valid() == (i % 2 == 0)));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.size()).isLessThanOrEqualTo(4);
    assertThat(cache.hits() + cache.misses()).isEqualTo(400);
  }
}
