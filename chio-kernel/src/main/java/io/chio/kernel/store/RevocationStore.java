package io.chio.kernel.store;

import java.util.Collection;

/**
 * Revoked capability ids. The kernel checks the token id and every {@code capability_id} in its
 * delegation chain, so revoking a parent revokes everything delegated from it.
 */
public interface RevocationStore {
  boolean isRevoked(String capabilityId) throws StoreException;

  void revoke(String capabilityId, String reason, long atEpochSeconds) throws StoreException;

  default boolean anyRevoked(Collection<String> capabilityIds) throws StoreException {
    for (String id : capabilityIds) {
      if (isRevoked(id)) {
        return true;
      }
    }
    return false;
  }
}
