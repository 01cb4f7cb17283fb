package io.chio.kernel.approval;

import io.chio.kernel.store.StoreException;
import java.util.List;
import java.util.Optional;

/**
 * Pending approval requests and which of them have been used. Every method is atomic; {@link
 * #consume} in particular must be linearizable so that one approval lets exactly one call through
 * even under concurrent redemption.
 */
public interface ApprovalStore {
  /** Saves a new pending request; saving the same request again is a no-op, a different one under the same id is an error. */
  void savePending(ApprovalRequest request) throws StoreException;

  Optional<ApprovalRequest> find(String approvalId) throws StoreException;

  /** Requests neither expired at {@code nowEpochSeconds} nor consumed, oldest first. */
  List<ApprovalRequest> pending(long nowEpochSeconds) throws StoreException;

  /**
   * Marks the approval used by token {@code tokenId}. Returns false, changing nothing, when it was
   * used before (by this or any other token) or does not exist.
   */
  boolean consume(String approvalId, String tokenId, long atEpochSeconds) throws StoreException;
}
