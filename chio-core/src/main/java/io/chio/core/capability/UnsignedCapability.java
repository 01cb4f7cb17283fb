package io.chio.core.capability;

import io.chio.core.crypto.Ed25519PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * Everything a capability token says except its signature: the input to {@link
 * CapabilityToken#sign(UnsignedCapability, io.chio.core.crypto.Ed25519SigningKey)}.
 *
 * @param attenuationProof null when absent
 * @param budgetShareBps sub-agent budget share in basis points (0..10000), null when absent
 */
public record UnsignedCapability(
    String id,
    Ed25519PublicKey issuer,
    Ed25519PublicKey subject,
    Scope scope,
    long issuedAt,
    long expiresAt,
    List<DelegationLink> delegationChain,
    List<Caveat> caveats,
    List<Attenuation> scopeAttenuations,
    AttenuationProof attenuationProof,
    Integer budgetShareBps) {

  public UnsignedCapability {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(scope, "scope");
    if (issuedAt < 0 || expiresAt < 0) {
      throw new IllegalArgumentException("issuedAt and expiresAt must not be negative");
    }
    delegationChain = List.copyOf(delegationChain);
    caveats = List.copyOf(caveats);
    scopeAttenuations = List.copyOf(scopeAttenuations);
    if (budgetShareBps != null && (budgetShareBps < 0 || budgetShareBps > 10_000)) {
      throw new IllegalArgumentException("budgetShareBps must be within 0..10000: " + budgetShareBps);
    }
  }

  /** A plain token: no delegation chain, caveats, attenuations, proof or budget share. */
  public static UnsignedCapability of(
      String id, Ed25519PublicKey issuer, Ed25519PublicKey subject, Scope scope, long issuedAt, long expiresAt) {
    return new UnsignedCapability(id, issuer, subject, scope, issuedAt, expiresAt, List.of(), List.of(), List.of(), null, null);
  }

  public UnsignedCapability withDelegationChain(List<DelegationLink> chain) {
    return new UnsignedCapability(
        id, issuer, subject, scope, issuedAt, expiresAt, chain, caveats, scopeAttenuations, attenuationProof, budgetShareBps);
  }

  /**
   * True for a token without caveats, scope attenuations, attenuation proof or budget share: for
   * those (only) a signature over the body without {@code schema} is also accepted.
   */
  public boolean isPlain() {
    return caveats.isEmpty() && scopeAttenuations.isEmpty() && attenuationProof == null && budgetShareBps == null;
  }

  /** True when the token narrows a parent and must therefore carry an attenuation proof. */
  public boolean requiresAttenuationProof() {
    return attenuationProof != null || !scopeAttenuations.isEmpty() || budgetShareBps != null;
  }
}
