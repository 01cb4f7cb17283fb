package io.chio.core.capability;

import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Delegation with attenuation: the holder of a capability hands a narrower copy to another key.
 *
 * <p>Child token semantics (following the reference's {@code delegate} rules):
 *
 * <ul>
 *   <li>only the parent's {@code subject} may delegate, and only if some parent grant has the
 *       {@code delegate} operation;
 *   <li>the new link is {@code {capability_id: parent.id, delegator: parent.subject, delegatee,
 *       attenuations, timestamp, scope_hash: sha256_hex(canonical(child scope))}}, signed by the
 *       delegator, appended to the parent's chain;
 *   <li>the child token has a fresh {@code id}, {@code issuer} = the delegator, {@code subject} =
 *       the delegatee, {@code issued_at} = the delegation timestamp, {@code expires_at} = the
 *       parent's unless shortened, and is signed by the delegator;
 *   <li>the attenuations are recorded on the signed link only; the child carries no {@code
 *       scope_attenuations} (which would require an attenuation proof) and is a plain v1 token.
 * </ul>
 *
 * <p>Because the child's issuer is the delegating agent, a verifier trusts it only when that
 * agent's key is trusted, or when the caller also holds the parent token and checks the hop with
 * {@link #checkStep}.
 */
public final class Delegation {
  private Delegation() {}

  /**
   * Produces a child token narrowed by {@code attenuations}.
   *
   * @throws AttenuationException if the parent does not verify, the delegator is not its subject,
   *     the parent does not allow delegation, an attenuation names a grant the parent lacks, or any
   *     step would widen the parent (the message names what widened)
   */
  public static CapabilityToken attenuate(
      CapabilityToken parent,
      Ed25519SigningKey delegatorKey,
      Ed25519PublicKey delegatee,
      List<Attenuation> attenuations,
      long timestamp,
      String newId) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(delegatorKey, "delegatorKey");
    Objects.requireNonNull(delegatee, "delegatee");
    Objects.requireNonNull(newId, "newId");
    List<Attenuation> steps = List.copyOf(attenuations);

    if (!CapabilityVerifier.signatureValid(parent)) {
      throw new AttenuationException("parent capability " + parent.id() + " does not verify against its issuer");
    }
    if (!CapabilityVerifier.chainLinksValid(parent.delegationChain())) {
      throw new AttenuationException("parent capability " + parent.id() + " has an invalid delegation chain");
    }
    Ed25519PublicKey delegator = delegatorKey.publicKey();
    if (!delegator.equals(parent.subject())) {
      throw new AttenuationException(
          "delegator key " + delegator + " is not the parent capability's subject " + parent.subject());
    }
    if (!authorizesDelegation(parent.scope())) {
      throw new AttenuationException("parent capability " + parent.id() + " has no grant with the delegate operation");
    }
    if (timestamp < parent.issuedAt() || timestamp >= parent.expiresAt()) {
      throw new AttenuationException(
          "delegation timestamp " + timestamp + " is outside the parent's validity [" + parent.issuedAt() + ", "
              + parent.expiresAt() + ")");
    }
    List<DelegationLink> chain = parent.delegationChain();
    if (!chain.isEmpty() && timestamp < chain.get(chain.size() - 1).timestamp()) {
      throw new AttenuationException(
          "delegation timestamp " + timestamp + " precedes the last link's " + chain.get(chain.size() - 1).timestamp());
    }

    Scope scope = parent.scope();
    long expiresAt = parent.expiresAt();
    for (int i = 0; i < steps.size(); i++) {
      Attenuation step = steps.get(i);
      String where = "attenuations[" + i + "] " + step.type() + ": ";
      if (step instanceof Attenuation.ShortenExpiry s) {
        if (s.newExpiresAt() > expiresAt) {
          throw new AttenuationException(
              where + "new_expires_at " + s.newExpiresAt() + " is later than " + expiresAt + " (would widen expiry)");
        }
        if (s.newExpiresAt() <= timestamp) {
          throw new AttenuationException(
              where + "new_expires_at " + s.newExpiresAt() + " is not after the delegation timestamp " + timestamp);
        }
        expiresAt = s.newExpiresAt();
      } else {
        scope = apply(scope, (Attenuation.Targeted) step, where);
      }
    }

    Optional<String> widened = Scope.widening(scope, parent.scope());
    if (widened.isPresent()) {
      throw new AttenuationException("child scope widens the parent: " + widened.get());
    }

    DelegationLink link = DelegationLink.sign(parent.id(), delegatorKey, delegatee, steps, timestamp, scope.hash());
    List<DelegationLink> childChain = new ArrayList<>(chain);
    childChain.add(link);
    UnsignedCapability body =
        UnsignedCapability.of(newId, delegator, delegatee, scope, timestamp, expiresAt).withDelegationChain(childChain);
    return CapabilityToken.sign(body, delegatorKey);
  }

  /**
   * Checks that {@code child} is a valid one-hop delegation of {@code parent}: its chain is the
   * parent's plus one link for {@code parent.id}, from the parent's subject (the child's issuer) to
   * the child's subject, whose {@code scope_hash} (if present) is the child's scope hash; the child
   * scope is a subset and its validity window lies within the parent's; and the parent allows
   * delegation. Signatures are not checked here; verify both tokens first.
   *
   * @return the first problem, or empty when the hop is sound
   */
  public static Optional<String> checkStep(CapabilityToken parent, CapabilityToken child) {
    List<DelegationLink> pc = parent.delegationChain();
    List<DelegationLink> cc = child.delegationChain();
    if (cc.size() != pc.size() + 1 || !cc.subList(0, pc.size()).equals(pc)) {
      return Optional.of("child chain is not the parent chain plus one link");
    }
    DelegationLink link = cc.get(cc.size() - 1);
    if (!link.capabilityId().equals(parent.id())) {
      return Optional.of("last link names capability " + link.capabilityId() + ", not the parent " + parent.id());
    }
    if (!link.delegator().equals(parent.subject()) || !child.issuer().equals(parent.subject())) {
      return Optional.of("delegator/issuer is not the parent's subject " + parent.subject());
    }
    if (!link.delegatee().equals(child.subject())) {
      return Optional.of("last link delegatee is not the child's subject");
    }
    if (link.scopeHash() != null && !link.scopeHash().equals(child.scope().hash())) {
      return Optional.of("last link scope_hash does not match the child's scope");
    }
    if (!authorizesDelegation(parent.scope())) {
      return Optional.of("parent has no grant with the delegate operation");
    }
    if (child.issuedAt() < parent.issuedAt() || child.expiresAt() > parent.expiresAt()) {
      return Optional.of("child validity window is wider than the parent's");
    }
    return Scope.widening(child.scope(), parent.scope());
  }

  /** {@link Scope#isSubset}. */
  public static boolean isSubset(Scope child, Scope parent) {
    return Scope.isSubset(child, parent);
  }

  /** Throws {@link AttenuationException} naming the first widening, if any. */
  public static void requireSubset(Scope child, Scope parent) {
    Scope.widening(child, parent).ifPresent(why -> {
      throw new AttenuationException("child scope widens the parent: " + why);
    });
  }

  /** {@code sha256_hex(canonical(scope))}. */
  public static String scopeHash(Scope scope) {
    return scope.hash();
  }

  static boolean authorizesDelegation(Scope s) {
    return s.grants().stream().anyMatch(g -> g.operations().contains(Operation.DELEGATE))
        || s.resourceGrants().stream().anyMatch(g -> g.operations().contains(Operation.DELEGATE))
        || s.promptGrants().stream().anyMatch(g -> g.operations().contains(Operation.DELEGATE));
  }

  private static Scope apply(Scope scope, Attenuation.Targeted step, String where) {
    List<ToolGrant> out = new ArrayList<>(scope.grants().size());
    boolean matched = false;
    for (ToolGrant g : scope.grants()) {
      if (!g.serverId().equals(step.serverId()) || !g.toolName().equals(step.toolName())) {
        out.add(g);
        continue;
      }
      matched = true;
      if (!(step instanceof Attenuation.RemoveTool)) {
        out.add(narrow(g, step, where));
      }
    }
    if (!matched) {
      throw new AttenuationException(
          where + "the parent scope has no grant for " + step.serverId() + ":" + step.toolName());
    }
    return scope.withGrants(out);
  }

  private static ToolGrant narrow(ToolGrant g, Attenuation.Targeted step, String where) {
    if (step instanceof Attenuation.RemoveOperation r) {
      if (!g.operations().contains(r.operation())) {
        throw new AttenuationException(where + "grant " + label(g) + " has no operation " + r.operation().wireName());
      }
      return g.withOperations(g.operations().stream().filter(op -> op != r.operation()).toList());
    }
    if (step instanceof Attenuation.AddConstraint a) {
      if (g.constraints().contains(a.constraint())) {
        return g;
      }
      List<Constraint> cs = new ArrayList<>(g.constraints());
      cs.add(a.constraint());
      return g.withConstraints(cs);
    }
    if (step instanceof Attenuation.ReduceBudget b) {
      if (g.maxInvocations() != null && b.maxInvocations() > g.maxInvocations()) {
        throw new AttenuationException(
            where + "max_invocations " + b.maxInvocations() + " exceeds " + g.maxInvocations() + " on " + label(g)
                + " (would widen)");
      }
      return g.withMaxInvocations(b.maxInvocations());
    }
    if (step instanceof Attenuation.ReduceCostPerInvocation c) {
      return g.withMaxCostPerInvocation(
          narrowCost(where, "max_cost_per_invocation", g, g.maxCostPerInvocation(), c.maxCostPerInvocation()));
    }
    if (step instanceof Attenuation.ReduceTotalCost c) {
      return g.withMaxTotalCost(narrowCost(where, "max_total_cost", g, g.maxTotalCost(), c.maxTotalCost()));
    }
    throw new IllegalStateException("unhandled attenuation " + step.type());
  }

  private static MonetaryAmount narrowCost(
      String where, String field, ToolGrant g, MonetaryAmount current, MonetaryAmount requested) {
    if (current != null && !requested.currency().equals(current.currency())) {
      throw new AttenuationException(
          where + field + " currency " + requested.currency() + " differs from " + current.currency() + " on " + label(g));
    }
    if (current != null && requested.units() > current.units()) {
      throw new AttenuationException(
          where + field + " " + requested + " exceeds " + current + " on " + label(g) + " (would widen)");
    }
    return requested;
  }

  private static String label(ToolGrant g) {
    return g.serverId() + ":" + g.toolName();
  }
}
