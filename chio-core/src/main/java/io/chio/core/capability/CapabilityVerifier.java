package io.chio.core.capability;

import io.chio.core.crypto.Ed25519PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies capability tokens against a fixed set of trusted issuer keys and a maximum delegation
 * depth. Thread-safe and immutable. Never throws for a bad token: every failure is a {@code false}
 * in the returned {@link CapabilityVerification}.
 *
 * <p>What each check covers:
 *
 * <ul>
 *   <li>signature: {@code algorithm} absent or {@code ed25519} (anything else fails), the issuer's
 *       signature over the schema-bearing preimage (or, for a plain token, the schema-less body),
 *       and, when the token narrows a parent ({@code scope_attenuations}, {@code budget_share_bps}
 *       or {@code attenuation_proof} present), a self-consistent attenuation proof.
 *   <li>chain shape: length {@code <=} max depth, every link signed by its delegator, {@code
 *       link[i].delegatee == link[i+1].delegator}, non-decreasing timestamps; and an attenuation
 *       proof must bind to the last link's {@code scope_hash}. A proof on a token without a chain
 *       cannot be bound to any scope this verifier knows, so it fails (fail closed).
 *   <li>trusted: the token's issuer is in the trusted set. A token re-issued by a delegating agent
 *       (see {@link Delegation#attenuate}) is trusted only if that agent's key is trusted; use
 *       {@link Delegation#checkStep} with the parent token to establish the lineage.
 * </ul>
 */
public final class CapabilityVerifier {
  /** Use as {@code maxDelegationDepth} for "no limit". */
  public static final int UNLIMITED_DEPTH = Integer.MAX_VALUE;

  private final Set<Ed25519PublicKey> trustedIssuers;
  private final int maxDelegationDepth;

  /**
   * @param trustedIssuers issuer keys whose tokens are trusted; empty trusts nobody
   * @param maxDelegationDepth the longest delegation chain accepted, or {@link #UNLIMITED_DEPTH}
   */
  public CapabilityVerifier(Set<Ed25519PublicKey> trustedIssuers, int maxDelegationDepth) {
    this.trustedIssuers = Set.copyOf(Objects.requireNonNull(trustedIssuers, "trustedIssuers"));
    if (maxDelegationDepth < 0) {
      throw new IllegalArgumentException("maxDelegationDepth must not be negative: " + maxDelegationDepth);
    }
    this.maxDelegationDepth = maxDelegationDepth;
  }

  public Set<Ed25519PublicKey> trustedIssuers() {
    return trustedIssuers;
  }

  public int maxDelegationDepth() {
    return maxDelegationDepth;
  }

  public CapabilityVerification verify(CapabilityToken token, long nowEpochSeconds) {
    Objects.requireNonNull(token, "token");
    return withTime(verifyTimeless(token), token, nowEpochSeconds);
  }

  /** The time-independent part of a verification: what {@link VerifiedTokenCache} keeps. */
  record Timeless(boolean signatureValid, boolean chainShapeValid, boolean trusted) {}

  Timeless verifyTimeless(CapabilityToken token) {
    return new Timeless(signatureValid(token), chainShapeValid(token), trustedIssuers.contains(token.issuer()));
  }

  static CapabilityVerification withTime(Timeless t, CapabilityToken token, long now) {
    return new CapabilityVerification(
        t.signatureValid(), t.chainShapeValid(), TimeStatus.of(token.issuedAt(), token.expiresAt(), now), t.trusted());
  }

  static boolean signatureValid(CapabilityToken token) {
    if (token.signature() == null) {
      return false; // declared a non-Ed25519 algorithm: unsupported, never a pass
    }
    UnsignedCapability body = token.body();
    if (body.requiresAttenuationProof()) {
      AttenuationProof proof = body.attenuationProof();
      if (proof == null || proof.problemWith(body.scope()).isPresent()) {
        return false;
      }
    }
    Ed25519PublicKey issuer = token.issuer();
    if (issuer.verify(token.signingBytesView(), token.signature())) {
      return true;
    }
    byte[] plain = token.plainSigningBytesView();
    return plain != null && issuer.verify(plain, token.signature());
  }

  boolean chainShapeValid(CapabilityToken token) {
    List<DelegationLink> chain = token.delegationChain();
    if (chain.size() > maxDelegationDepth || !chainLinksValid(chain)) {
      return false;
    }
    AttenuationProof proof = token.attenuationProof();
    if (proof != null) {
      if (chain.isEmpty()) {
        return false;
      }
      return proof.parentScopeHash().equals(chain.get(chain.size() - 1).scopeHash());
    }
    return true;
  }

  /** Signatures, connectivity and timestamp order; no depth limit. */
  static boolean chainLinksValid(List<DelegationLink> chain) {
    for (int i = 0; i < chain.size(); i++) {
      DelegationLink link = chain.get(i);
      if (!link.signatureValid()) {
        return false;
      }
      if (i > 0) {
        DelegationLink prev = chain.get(i - 1);
        if (!prev.delegatee().equals(link.delegator()) || link.timestamp() < prev.timestamp()) {
          return false;
        }
      }
    }
    return true;
  }
}
