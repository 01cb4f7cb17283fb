package io.chio.kernel.dpop;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import java.util.Objects;

/**
 * Checks DPoP proofs in the order of WIRE.md section 8: schema, {@code agent_key ==
 * capability.subject}, the four binding fields, freshness ({@code issued_at + ttl >= now} and
 * {@code issued_at <= now + skew}), signature, then replay of {@code (nonce, capability_id)}
 * within the proof's lifetime. A pair is only remembered once everything else has passed, so
 * unsigned junk cannot fill the replay cache. Thread-safe.
 */
public final class DpopVerifier {
  public static final long DEFAULT_TTL_SECONDS = 300;
  public static final long DEFAULT_MAX_CLOCK_SKEW_SECONDS = 30;
  public static final int DEFAULT_REPLAY_CAPACITY = 65_536;

  private final long ttlSeconds;
  private final long maxClockSkewSeconds;
  private final DpopReplayCache replay;

  public DpopVerifier() {
    this(DEFAULT_TTL_SECONDS, DEFAULT_MAX_CLOCK_SKEW_SECONDS, DEFAULT_REPLAY_CAPACITY);
  }

  public DpopVerifier(long ttlSeconds, long maxClockSkewSeconds, int replayCapacity) {
    if (ttlSeconds <= 0 || maxClockSkewSeconds < 0) {
      throw new IllegalArgumentException("ttlSeconds must be positive and maxClockSkewSeconds non-negative");
    }
    this.ttlSeconds = ttlSeconds;
    this.maxClockSkewSeconds = maxClockSkewSeconds;
    this.replay = new DpopReplayCache(replayCapacity);
  }

  /**
   * Verifies {@code proof} for a call under capability {@code capabilityId} whose subject is
   * {@code capabilitySubject}; on success the proof's nonce is spent.
   */
  public void verify(DpopProof proof, String capabilityId, Ed25519PublicKey capabilitySubject, String toolServer, String toolName,
      JsonNode arguments, long nowEpochSeconds) throws DpopException {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(capabilitySubject, "capabilitySubject");
    if (!DpopProof.SCHEMA.equals(proof.schema())) {
      throw new DpopException("DPoP proof schema \"" + proof.schema() + "\" is not " + DpopProof.SCHEMA);
    }
    Ed25519PublicKey agentKey;
    try {
      agentKey = proof.agentPublicKey();
    } catch (ChioFormatException e) {
      throw new DpopException("DPoP proof agent_key is malformed");
    }
    if (!agentKey.equals(capabilitySubject)) {
      throw new DpopException("DPoP proof agent_key does not match the capability subject");
    }
    if (!proof.capabilityId().equals(capabilityId)) {
      throw new DpopException("DPoP proof is bound to a different capability");
    }
    if (!proof.toolServer().equals(toolServer)) {
      throw new DpopException("DPoP proof is bound to a different tool server");
    }
    if (!proof.toolName().equals(toolName)) {
      throw new DpopException("DPoP proof is bound to a different tool");
    }
    if (!proof.actionHash().equals(DpopProof.actionHash(arguments))) {
      throw new DpopException("DPoP proof is bound to different arguments");
    }
    long issuedAt = proof.issuedAt();
    // Compared without overflow: issuedAt and now are both < 2^63.
    if (issuedAt < nowEpochSeconds - ttlSeconds) {
      throw new DpopException(DpopException.Kind.STALE, "DPoP proof has expired");
    }
    if (issuedAt - maxClockSkewSeconds > nowEpochSeconds) {
      throw new DpopException(DpopException.Kind.STALE, "DPoP proof is issued in the future");
    }
    if (!proof.signatureVerifies(agentKey)) {
      throw new DpopException("DPoP proof signature does not verify");
    }
    switch (replay.checkAndInsert(proof.nonce(), capabilityId, issuedAt + ttlSeconds, nowEpochSeconds)) {
      case FRESH -> {}
      case REPLAY -> throw new DpopException(DpopException.Kind.REPLAYED, "DPoP proof nonce has already been used");
      case FULL -> throw new DpopException(DpopException.Kind.CACHE_FULL, "DPoP replay cache is full; proof refused");
    }
  }
}
