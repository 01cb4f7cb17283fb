package io.chio.kernel.approval;

import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Hex;
import io.chio.kernel.store.StoreException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Opens approval requests and redeems approval tokens against them. A token lets a call through
 * only when: the request it names exists and is this very call (capability, subject, server,
 * tool, parameter hash); the approver is trusted; the signature verifies; the token repeats the
 * request's bindings; {@code issued_at <= now < expires_at} with a lifetime of at most {@link
 * #MAX_TOKEN_LIFETIME_SECONDS}; the request has not expired; the decision is {@code approved}; and
 * the approval has not been used before. The last check consumes it.
 */
public final class ApprovalGate {
  /** Longest approval-token lifetime accepted. */
  public static final long MAX_TOKEN_LIFETIME_SECONDS = 3600;

  /** The facts of the call presenting a token. */
  public record Call(String capabilityId, String subject, String serverId, String toolName, String parameterHash) {
    public Call {
      Objects.requireNonNull(capabilityId, "capabilityId");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(parameterHash, "parameterHash");
    }
  }

  private final ApprovalStore store;
  private final Set<Ed25519PublicKey> trustedApprovers;
  private final SecureRandom random;

  public ApprovalGate(ApprovalStore store, Set<Ed25519PublicKey> trustedApprovers, SecureRandom random) {
    this.store = Objects.requireNonNull(store, "store");
    this.trustedApprovers = Set.copyOf(trustedApprovers);
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Records a new pending request for {@code call}, expiring {@code timeoutSeconds} after {@code now}. */
  public ApprovalRequest open(Call call, Long amountUnits, String reason, long nowEpochSeconds, long timeoutSeconds) throws StoreException {
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("timeoutSeconds must be positive");
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    ApprovalRequest request = new ApprovalRequest("apr-" + Hex.encode(id), call.capabilityId(), call.subject(), call.serverId(),
        call.toolName(), call.parameterHash(), amountUnits, reason, nowEpochSeconds, nowEpochSeconds + timeoutSeconds);
    store.savePending(request);
    return request;
  }

  /** Checks {@code token} for {@code call} and consumes the approval; throws with the reason otherwise. */
  public ApprovalRequest redeem(ApprovalToken token, Call call, long nowEpochSeconds) throws ApprovalException, StoreException {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(call, "call");
    Optional<ApprovalRequest> found = store.find(token.approvalId());
    if (found.isEmpty()) {
      throw new ApprovalException("approval token names an unknown approval request");
    }
    ApprovalRequest request = found.get();
    if (!request.capabilityId().equals(call.capabilityId()) || !request.subject().equals(call.subject())
        || !request.serverId().equals(call.serverId()) || !request.toolName().equals(call.toolName())) {
      throw new ApprovalException("approval was granted for a different call");
    }
    if (!request.parameterHash().equals(call.parameterHash())) {
      throw new ApprovalException("approval was granted for different parameters");
    }
    if (!trustedApprovers.contains(token.approver())) {
      throw new ApprovalException("approval token approver is not trusted");
    }
    if (!token.signatureVerifies()) {
      throw new ApprovalException("approval token signature does not verify");
    }
    if (!token.field("capability_id").equals(request.capabilityId()) || !token.field("subject").equals(request.subject())
        || !token.field("tool_server").equals(request.serverId()) || !token.field("tool_name").equals(request.toolName())
        || !token.field("parameter_hash").equals(request.parameterHash())) {
      throw new ApprovalException("approval token is bound to a different call");
    }
    if (nowEpochSeconds < token.issuedAt()) {
      throw new ApprovalException("approval token is not yet valid");
    }
    if (nowEpochSeconds >= token.expiresAt()) {
      throw new ApprovalException("approval token has expired");
    }
    if (token.expiresAt() - token.issuedAt() > MAX_TOKEN_LIFETIME_SECONDS) {
      throw new ApprovalException("approval token lifetime exceeds " + MAX_TOKEN_LIFETIME_SECONDS + " seconds");
    }
    if (request.isExpired(nowEpochSeconds)) {
      throw new ApprovalException("approval request has expired");
    }
    if (token.decision() != ApprovalToken.Decision.APPROVED) {
      throw new ApprovalException("approval was denied by the approver");
    }
    if (!store.consume(request.approvalId(), token.id(), nowEpochSeconds)) {
      throw new ApprovalException("approval has already been used");
    }
    return request;
  }
}
