package io.chio.kernel.approval;

import io.chio.kernel.store.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link ApprovalStore} for one process. */
public final class InMemoryApprovalStore implements ApprovalStore {
  private final ConcurrentHashMap<String, ApprovalRequest> requests = new ConcurrentHashMap<>();
  /** approval id -> id of the token that used it. */
  private final ConcurrentHashMap<String, String> consumed = new ConcurrentHashMap<>();

  @Override
  public void savePending(ApprovalRequest request) throws StoreException {
    Objects.requireNonNull(request, "request");
    ApprovalRequest existing = requests.putIfAbsent(request.approvalId(), request);
    if (existing != null && !existing.equals(request)) {
      throw new StoreException("approval id " + request.approvalId() + " is already used by a different request");
    }
  }

  @Override
  public Optional<ApprovalRequest> find(String approvalId) {
    return Optional.ofNullable(requests.get(Objects.requireNonNull(approvalId, "approvalId")));
  }

  @Override
  public List<ApprovalRequest> pending(long nowEpochSeconds) {
    List<ApprovalRequest> out = new ArrayList<>();
    for (ApprovalRequest r : requests.values()) {
      if (!r.isExpired(nowEpochSeconds) && !consumed.containsKey(r.approvalId())) {
        out.add(r);
      }
    }
    out.sort(Comparator.comparingLong(ApprovalRequest::createdAt).thenComparing(ApprovalRequest::approvalId));
    return out;
  }

  @Override
  public boolean consume(String approvalId, String tokenId, long atEpochSeconds) {
    Objects.requireNonNull(approvalId, "approvalId");
    Objects.requireNonNull(tokenId, "tokenId");
    if (!requests.containsKey(approvalId)) {
      return false;
    }
    return consumed.putIfAbsent(approvalId, tokenId) == null;
  }
}
