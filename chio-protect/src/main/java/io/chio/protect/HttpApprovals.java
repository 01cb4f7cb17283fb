package io.chio.protect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Hex;
import io.chio.core.json.Json;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Approval requests for {@code x-chio-approval-required} routes. A request is bound to one call:
 * the capability, the caller identity hash and the request's content hash (method, route, path,
 * query, body). An operator approves or denies it through {@code POST /approvals/{id}/respond};
 * the caller then repeats the identical call with {@code X-Chio-Approval-Id}, which lets it through
 * exactly once. Thread-safe; bounded so that callers cannot exhaust memory.
 */
final class HttpApprovals {
  enum Status {
    PENDING,
    APPROVED,
    DENIED,
    CONSUMED;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The call an approval is for. */
  record Call(
      String serverId, String capabilityId, String method, String routePattern, String path, String contentHash,
      String callerIdentityHash) {
    Call {
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(capabilityId, "capabilityId");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(routePattern, "routePattern");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(contentHash, "contentHash");
      Objects.requireNonNull(callerIdentityHash, "callerIdentityHash");
    }
  }

  record Approval(String id, Call call, String reason, long createdAt, long expiresAt, Status status, String note) {
    boolean expired(long now) {
      return now >= expiresAt;
    }

    ObjectNode toJson(long now) {
      ObjectNode o = Json.object();
      o.put("approval_id", id);
      o.put("status", status == Status.PENDING && expired(now) ? "expired" : status.wire());
      o.put("server_id", call.serverId());
      o.put("capability_id", call.capabilityId());
      o.put("method", call.method());
      o.put("route_pattern", call.routePattern());
      o.put("path", call.path());
      o.put("content_hash", call.contentHash());
      o.put("caller_identity_hash", call.callerIdentityHash());
      o.put("reason", reason);
      o.put("created_at", createdAt);
      o.put("expires_at", expiresAt);
      if (note != null) {
        o.put("note", note);
      }
      o.put("resume_path", "/approvals/" + id + "/respond");
      return o;
    }

    private Approval with(Status s, String n) {
      return new Approval(id, call, reason, createdAt, expiresAt, s, n);
    }
  }

  /** What redeeming an approval id for a call gave. */
  enum Redemption {
    /** Approved, bound to this call, now used up: forward it. */
    GRANTED,
    /** Still waiting for the operator. */
    PENDING,
    DENIED,
    EXPIRED,
    ALREADY_USED,
    UNKNOWN,
    /** The approval exists but is for a different call. */
    MISMATCH
  }

  private final Map<String, Approval> byId = new HashMap<>();
  private final Map<Call, String> pendingByCall = new HashMap<>();
  private final SecureRandom random;
  private final long ttlSeconds;
  private final int maxEntries;

  HttpApprovals(SecureRandom random, long ttlSeconds, int maxEntries) {
    this.random = Objects.requireNonNull(random, "random");
    if (ttlSeconds <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("ttlSeconds and maxEntries must be positive");
    }
    this.ttlSeconds = ttlSeconds;
    this.maxEntries = maxEntries;
  }

  /**
   * Opens a pending approval for {@code call}, or returns the one already pending for the same call.
   *
   * @return empty when the registry is full of live approvals (the caller denies: fail closed)
   */
  synchronized Optional<Approval> open(Call call, String reason, long now) {
    String existing = pendingByCall.get(call);
    if (existing != null) {
      Approval a = byId.get(existing);
      if (a != null && a.status() == Status.PENDING && !a.expired(now)) {
        return Optional.of(a);
      }
    }
    if (byId.size() >= maxEntries) {
      evictDead(now);
      if (byId.size() >= maxEntries) {
        return Optional.empty();
      }
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    Approval a = new Approval("apr-" + Hex.encode(id), call, reason, now, now + ttlSeconds, Status.PENDING, null);
    byId.put(a.id(), a);
    pendingByCall.put(call, a.id());
    return Optional.of(a);
  }

  synchronized Optional<Approval> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Live pending approvals, oldest first. */
  synchronized List<Approval> pending(long now) {
    List<Approval> out = new ArrayList<>();
    for (Approval a : byId.values()) {
      if (a.status() == Status.PENDING && !a.expired(now)) {
        out.add(a);
      }
    }
    out.sort(Comparator.comparingLong(Approval::createdAt).thenComparing(Approval::id));
    return out;
  }

  /**
   * Records the operator's decision on a pending, unexpired approval.
   *
   * @throws IllegalStateException with a message for the operator when it cannot be decided
   */
  synchronized Approval respond(String id, boolean approve, String note, long now) {
    Approval a = byId.get(id);
    if (a == null) {
      throw new IllegalStateException("no approval " + id);
    }
    if (a.status() != Status.PENDING) {
      throw new IllegalStateException("approval " + id + " is already " + a.status().wire());
    }
    if (a.expired(now)) {
      throw new IllegalStateException("approval " + id + " has expired");
    }
    Approval decided = a.with(approve ? Status.APPROVED : Status.DENIED, note);
    byId.put(id, decided);
    pendingByCall.remove(a.call(), id);
    return decided;
  }

  /** Checks {@code id} against {@code call}; a granted approval is consumed atomically. */
  synchronized Redemption redeem(String id, Call call, long now) {
    Approval a = byId.get(id);
    if (a == null) {
      return Redemption.UNKNOWN;
    }
    if (!a.call().equals(call)) {
      return Redemption.MISMATCH;
    }
    if (a.expired(now) && a.status() != Status.CONSUMED) {
      return Redemption.EXPIRED;
    }
    return switch (a.status()) {
      case PENDING -> Redemption.PENDING;
      case DENIED -> Redemption.DENIED;
      case CONSUMED -> Redemption.ALREADY_USED;
      case APPROVED -> {
        byId.put(id, a.with(Status.CONSUMED, a.note()));
        yield Redemption.GRANTED;
      }
    };
  }

  private void evictDead(long now) {
    byId.values().removeIf(a -> a.expired(now) || a.status() == Status.CONSUMED || a.status() == Status.DENIED);
    pendingByCall.values().removeIf(id -> !byId.containsKey(id));
  }
}
