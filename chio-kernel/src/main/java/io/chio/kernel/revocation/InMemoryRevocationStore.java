package io.chio.kernel.revocation;

import io.chio.kernel.store.RevocationStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RevocationStore} for one process. Revocation is permanent: revoking an id again keeps
 * the first reason and time (the earliest revocation is the one that matters for audit).
 */
public final class InMemoryRevocationStore implements RevocationStore {
  /** Why and when a capability id was revoked. */
  public record Revocation(String capabilityId, String reason, long atEpochSeconds) {}

  private final ConcurrentHashMap<String, Revocation> revoked = new ConcurrentHashMap<>();

  @Override
  public boolean isRevoked(String capabilityId) {
    Objects.requireNonNull(capabilityId, "capabilityId");
    return revoked.containsKey(capabilityId);
  }

  @Override
  public void revoke(String capabilityId, String reason, long atEpochSeconds) {
    Objects.requireNonNull(capabilityId, "capabilityId");
    revoked.putIfAbsent(capabilityId, new Revocation(capabilityId, reason, atEpochSeconds));
  }

  public Optional<Revocation> revocation(String capabilityId) {
    return Optional.ofNullable(revoked.get(capabilityId));
  }
}
