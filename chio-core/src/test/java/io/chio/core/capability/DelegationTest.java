package io.chio.core.capability;

import static io.chio.core.capability.Fixtures.DELEGATEE;
import static io.chio.core.capability.Fixtures.ISSUER;
import static io.chio.core.capability.Fixtures.OTHER;
import static io.chio.core.capability.Fixtures.SUBJECT;
import static io.chio.core.capability.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.capability.Attenuation.AddConstraint;
import io.chio.core.capability.Attenuation.ReduceBudget;
import io.chio.core.capability.Attenuation.ReduceCostPerInvocation;
import io.chio.core.capability.Attenuation.ReduceTotalCost;
import io.chio.core.capability.Attenuation.RemoveOperation;
import io.chio.core.capability.Attenuation.RemoveTool;
import io.chio.core.capability.Attenuation.ShortenExpiry;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class DelegationTest {
  private static final CapabilityToken PARENT = Fixtures.parentToken();
  private static final long AT = T0 + 100;

  private static CapabilityToken attenuate(List<Attenuation> steps) {
    return Delegation.attenuate(PARENT, SUBJECT, DELEGATEE.publicKey(), steps, AT, "cap-child");
  }

  @Test
  void childIsNarrowedSignedByTheDelegatorAndLinked() {
    List<Attenuation> steps =
        List.of(
            new RemoveTool("srv-shell", "exec"),
            new RemoveOperation("srv-files", "file_read", Operation.READ_RESULT),
            new AddConstraint("srv-files", "file_read", new Constraint.MaxLength(64)),
            new ReduceBudget("srv-files", "file_read", 3),
            new ReduceCostPerInvocation("srv-files", "file_read", new MonetaryAmount(100, "USD")),
            new ReduceTotalCost("srv-files", "file_read", new MonetaryAmount(1_000, "USD")),
            new ShortenExpiry(T0 + 600));
    CapabilityToken child = attenuate(steps);

    assertThat(child.id()).isEqualTo("cap-child");
    assertThat(child.issuer()).isEqualTo(SUBJECT.publicKey());
    assertThat(child.subject()).isEqualTo(DELEGATEE.publicKey());
    assertThat(child.issuedAt()).isEqualTo(AT);
    assertThat(child.expiresAt()).isEqualTo(T0 + 600);
    assertThat(child.scopeAttenuations()).isEmpty();
    ToolGrant g = child.scope().grants().get(0);
    assertThat(child.scope().grants()).hasSize(1);
    assertThat(g.operations()).containsExactly(Operation.INVOKE, Operation.DELEGATE);
    assertThat(g.constraints()).containsExactly(new Constraint.PathPrefix("/workspace/"), new Constraint.MaxLength(64));
    assertThat(g.maxInvocations()).isEqualTo(3L);
    assertThat(g.maxCostPerInvocation()).isEqualTo(new MonetaryAmount(100, "USD"));
    assertThat(g.maxTotalCost()).isEqualTo(new MonetaryAmount(1_000, "USD"));
    assertThat(g.requiresDpop()).isTrue();
    assertThat(child.scope().resourceGrants()).isEqualTo(PARENT.scope().resourceGrants());

    DelegationLink link = child.delegationChain().get(0);
    assertThat(link.capabilityId()).isEqualTo(PARENT.id());
    assertThat(link.delegator()).isEqualTo(SUBJECT.publicKey());
    assertThat(link.delegatee()).isEqualTo(DELEGATEE.publicKey());
    assertThat(link.attenuations()).isEqualTo(steps);
    assertThat(link.timestamp()).isEqualTo(AT);
    assertThat(link.scopeHash()).isEqualTo(child.scope().hash());
    assertThat(link.signatureValid()).isTrue();

    CapabilityVerification byCa = new CapabilityVerifier(Set.of(ISSUER.publicKey()), 4).verify(child, AT);
    assertThat(byCa.signatureValid()).isTrue();
    assertThat(byCa.delegationChainShapeValid()).isTrue();
    assertThat(byCa.trusted()).as("the CA did not sign the child").isFalse();
    assertThat(new CapabilityVerifier(Set.of(SUBJECT.publicKey()), 4).verify(child, AT).valid()).isTrue();
    assertThat(Delegation.checkStep(PARENT, child)).isEmpty();
    assertThat(Delegation.isSubset(child.scope(), PARENT.scope())).isTrue();
    assertThat(CapabilityToken.parse(child.canonicalBytes())).isEqualTo(child);
  }

  @Test
  void chainsGrowAndStayConnected() {
    CapabilityToken child = attenuate(List.of());
    CapabilityToken grandchild =
        Delegation.attenuate(child, DELEGATEE, OTHER.publicKey(), List.of(new RemoveTool("srv-shell", "exec")), AT + 5, "cap-gc");
    assertThat(grandchild.delegationChain()).hasSize(2);
    assertThat(grandchild.revocationIds()).containsExactly("cap-gc", "cap-parent", "cap-child");
    CapabilityVerifier v = new CapabilityVerifier(Set.of(DELEGATEE.publicKey()), 2);
    assertThat(v.verify(grandchild, AT + 5).valid()).isTrue();
    assertThat(new CapabilityVerifier(Set.of(DELEGATEE.publicKey()), 1).verify(grandchild, AT + 5).delegationChainShapeValid()).isFalse();
    assertThat(Delegation.checkStep(child, grandchild)).isEmpty();
    assertThat(Delegation.checkStep(PARENT, grandchild)).isPresent();
    assertThatThrownBy(() -> Delegation.attenuate(child, DELEGATEE, OTHER.publicKey(), List.of(), AT - 1, "early"))
        .isInstanceOf(AttenuationException.class)
        .hasMessageContaining("outside the parent's validity");
  }

  @Test
  void attenuationsThatWouldWidenAreRejectedNamingWhatWidened() {
    widens(List.of(new ReduceBudget("srv-files", "file_read", 11)), "max_invocations 11 exceeds 10");
    widens(List.of(new ReduceCostPerInvocation("srv-files", "file_read", new MonetaryAmount(501, "USD"))), "max_cost_per_invocation 501 USD exceeds 500 USD");
    widens(List.of(new ReduceTotalCost("srv-files", "file_read", new MonetaryAmount(1, "EUR"))), "currency EUR differs from USD");
    widens(List.of(new ShortenExpiry(T0 + 3_601)), "is later than", "would widen expiry");
    widens(List.of(new ShortenExpiry(AT)), "not after the delegation timestamp");
    widens(List.of(new RemoveTool("srv-db", "query")), "no grant for srv-db:query");
    widens(List.of(new RemoveOperation("srv-shell", "exec", Operation.READ)), "has no operation read");
  }

  private static void widens(List<Attenuation> steps, String... parts) {
    assertThatThrownBy(() -> attenuate(steps)).isInstanceOf(AttenuationException.class).hasMessageContainingAll(parts);
  }

  @Test
  void onlyTheSubjectOfADelegableVerifiedParentMayDelegate() {
    assertThatThrownBy(() -> Delegation.attenuate(PARENT, OTHER, DELEGATEE.publicKey(), List.of(), AT, "x"))
        .isInstanceOf(AttenuationException.class)
        .hasMessageContaining("is not the parent capability's subject");
    CapabilityToken noDelegate =
        CapabilityToken.issue(ISSUER, "nd", SUBJECT.publicKey(), Scope.ofTools(List.of(ToolGrant.of("s", "t", List.of(Operation.INVOKE)))), T0, T0 + 10);
    assertThatThrownBy(() -> Delegation.attenuate(noDelegate, SUBJECT, DELEGATEE.publicKey(), List.of(), T0, "x"))
        .isInstanceOf(AttenuationException.class)
        .hasMessageContaining("no grant with the delegate operation");
    var json = PARENT.toJson();
    json.put("id", "cap-forged");
    CapabilityToken forged = CapabilityToken.fromJson(json);
    assertThatThrownBy(() -> Delegation.attenuate(forged, SUBJECT, DELEGATEE.publicKey(), List.of(), AT, "x"))
        .isInstanceOf(AttenuationException.class)
        .hasMessageContaining("does not verify");
  }

  /** Every way a child grant can be wider than its parent, per WIRE.md 3. */
  @Test
  void isSubsetRejectsEachWideningKind() {
    ToolGrant parent = Fixtures.delegableScope().grants().get(0);
    assertWidens(parent, g -> new ToolGrant("srv-other", g.toolName(), g.operations(), g.constraints(), g.maxInvocations(), g.maxCostPerInvocation(), g.maxTotalCost(), g.dpopRequired()), "server_id");
    assertWidens(parent, g -> new ToolGrant(g.serverId(), "file_write", g.operations(), g.constraints(), g.maxInvocations(), g.maxCostPerInvocation(), g.maxTotalCost(), g.dpopRequired()), "tool_name");
    assertWidens(parent, g -> g.withOperations(List.of(Operation.INVOKE, Operation.SUBSCRIBE)), "operation subscribe");
    assertWidens(parent, g -> g.withMaxInvocations(null), "max_invocations was removed");
    assertWidens(parent, g -> g.withMaxInvocations(11L), "max_invocations 11 exceeds");
    assertWidens(parent, g -> g.withConstraints(List.of()), "constraint path_prefix was removed");
    assertWidens(parent, g -> g.withConstraints(List.of(new Constraint.PathPrefix("/"))), "constraint path_prefix");
    assertWidens(parent, g -> g.withMaxCostPerInvocation(null), "max_cost_per_invocation was removed");
    assertWidens(parent, g -> g.withMaxCostPerInvocation(new MonetaryAmount(501, "USD")), "exceeds");
    assertWidens(parent, g -> g.withMaxTotalCost(new MonetaryAmount(10, "EUR")), "currency EUR");
    assertWidens(parent, g -> g.withMaxTotalCost(null), "max_total_cost was removed");
    assertWidens(parent, g -> g.withDpopRequired(false), "dpop_required");
    assertWidens(parent, g -> g.withDpopRequired(null), "dpop_required");

    // Narrowing in every dimension at once is a subset; so is anything under a wildcard parent.
    ToolGrant narrow =
        parent.withOperations(List.of(Operation.INVOKE)).withMaxInvocations(1L)
            .withConstraints(List.of(new Constraint.MaxLength(1), new Constraint.PathPrefix("/workspace/")))
            .withMaxTotalCost(new MonetaryAmount(0, "USD"));
    assertThat(Scope.isSubset(Scope.ofTools(List.of(narrow)), Scope.ofTools(List.of(parent)))).isTrue();
    Scope star = Scope.ofTools(List.of(ToolGrant.of("*", "*", List.of(Operation.INVOKE))));
    assertThat(Scope.isSubset(Scope.ofTools(List.of(ToolGrant.of("any", "tool", List.of(Operation.INVOKE)))), star)).isTrue();
    assertThat(Scope.isSubset(star, Scope.ofTools(List.of(ToolGrant.of("any", "tool", List.of(Operation.INVOKE)))))).isFalse();
    assertThat(Scope.widening(Scope.ofTools(List.of(parent)), Scope.ofTools(List.of()))).hasValueSatisfying(w -> assertThat(w).contains("the parent has no grants"));
  }

  @Test
  void resourceAndPromptPatternsNarrowOnly() {
    Scope parent = Fixtures.delegableScope();
    Scope narrower = new Scope(List.of(), List.of(new ResourceGrant("file:///workspace/src/*", List.of(Operation.READ))), List.of(new PromptGrant("review-code", List.of(Operation.GET))));
    assertThat(Scope.isSubset(narrower, parent)).isTrue();
    Scope wider = new Scope(List.of(), List.of(new ResourceGrant("file:///*", List.of(Operation.READ))), List.of());
    assertThat(Scope.widening(wider, parent)).hasValueSatisfying(w -> assertThat(w).contains("resource_grants[0]", "uri_pattern"));
    Scope moreOps = new Scope(List.of(), List.of(new ResourceGrant("file:///workspace/*", List.of(Operation.READ, Operation.SUBSCRIBE))), List.of());
    assertThat(Scope.widening(moreOps, parent)).hasValueSatisfying(w -> assertThat(w).contains("operation subscribe"));
    Scope otherPrompt = new Scope(List.of(), List.of(), List.of(new PromptGrant("summarize", List.of(Operation.GET))));
    assertThat(Scope.widening(otherPrompt, parent)).hasValueSatisfying(w -> assertThat(w).contains("prompt_grants[0]"));
    assertThatThrownBy(() -> Delegation.requireSubset(wider, parent)).isInstanceOf(AttenuationException.class).hasMessageContaining("widens");
  }

  private static void assertWidens(ToolGrant parent, UnaryOperator<ToolGrant> change, String reason) {
    Scope p = Scope.ofTools(List.of(parent));
    Scope c = Scope.ofTools(List.of(change.apply(parent)));
    assertThat(Scope.isSubset(c, p)).as(reason).isFalse();
    assertThat(Scope.widening(c, p)).hasValueSatisfying(w -> assertThat(w).startsWith("grants[0] (").contains(reason));
  }
}
