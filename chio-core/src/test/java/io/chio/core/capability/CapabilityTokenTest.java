package io.chio.core.capability;

import static io.chio.core.capability.Fixtures.DIRECT_VECTOR;
import static io.chio.core.capability.Fixtures.ISSUER;
import static io.chio.core.capability.Fixtures.SUBJECT;
import static io.chio.core.capability.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityTokenTest {
  private static final CapabilityVerifier TRUST_ISSUER =
      new CapabilityVerifier(Set.of(ISSUER.publicKey()), CapabilityVerifier.UNLIMITED_DEPTH);

  @Test
  void referenceVectorVerifiesAndReissuesByteForByte() {
    CapabilityToken t = CapabilityToken.parse(DIRECT_VECTOR);
    CapabilityVerification v = TRUST_ISSUER.verify(t, 1_710_000_400L);
    assertThat(v.valid()).isTrue();
    assertThat(t.schemaOnWire()).isFalse();
    assertThat(t.id()).isEqualTo("cap-bindings-direct");
    assertThat(t.issuer()).isEqualTo(ISSUER.publicKey());
    assertThat(t.subject()).isEqualTo(SUBJECT.publicKey());
    assertThat(t.scope().grants().get(0).maxInvocations()).isEqualTo(3L);
    // Signing preimage carries the schema; the vector's signature is over exactly that.
    assertThat(new String(t.signingBytes(), StandardCharsets.UTF_8)).contains("\"schema\":\"chio.capability.v1\"");
    CapabilityToken again = CapabilityToken.sign(t.body(), ISSUER);
    assertThat(again.signatureText()).isEqualTo(t.signatureText());
    assertThat(CanonicalJson.string(t.toJson())).isEqualTo(CanonicalJson.string(Json.parse(DIRECT_VECTOR)));
    // Issued tokens carry the schema explicitly; the signed bytes are the same.
    assertThat(again.toJson().get("schema").textValue()).isEqualTo(CapabilityToken.SCHEMA);
    assertThat(again.signingBytes()).isEqualTo(t.signingBytes());
  }

  @Test
  void scopeHashKnownAnswer() {
    // sha256 of the canonical scope, computed independently with python3 hashlib.
    assertThat(CapabilityToken.parse(DIRECT_VECTOR).scope().hash())
        .isEqualTo("e50e83470c1c2a8e952a502827d8244928c3fa0c9c462d3b7686abea0d39d1bd");
  }

  @Test
  void trustIsExplicit() {
    CapabilityToken t = Fixtures.parentToken();
    CapabilityVerification none = new CapabilityVerifier(Set.of(), 8).verify(t, T0 + 1);
    assertThat(none.signatureValid()).isTrue();
    assertThat(none.trusted()).isFalse();
    assertThat(none.valid()).isFalse();
    CapabilityVerification other = new CapabilityVerifier(Set.of(SUBJECT.publicKey()), 8).verify(t, T0 + 1);
    assertThat(other.trusted()).isFalse();
    assertThat(TRUST_ISSUER.verify(t, T0 + 1).valid()).isTrue();
  }

  @Test
  void timeBoundsAreHalfOpen() {
    CapabilityToken t = CapabilityToken.issue(ISSUER, "c", SUBJECT.publicKey(), Fixtures.delegableScope(), 100, 200);
    assertThat(TRUST_ISSUER.verify(t, 99).timeStatus()).isEqualTo(TimeStatus.NOT_YET_VALID);
    assertThat(TRUST_ISSUER.verify(t, 100).timeStatus()).isEqualTo(TimeStatus.VALID);
    assertThat(TRUST_ISSUER.verify(t, 199).timeStatus()).isEqualTo(TimeStatus.VALID);
    assertThat(TRUST_ISSUER.verify(t, 200).timeStatus()).isEqualTo(TimeStatus.EXPIRED);
    assertThat(TRUST_ISSUER.verify(t, 200).valid()).isFalse();
  }

  @Test
  void verificationJsonIsExactlyTheCliObject() {
    CapabilityVerification v = new CapabilityVerification(true, false, TimeStatus.NOT_YET_VALID, true);
    assertThat(CanonicalJson.string(v.toJson()))
        .isEqualTo(
            "{\"delegation_chain_shape_valid\":false,\"signature_valid\":true,\"time_status\":\"not_yet_valid\","
                + "\"trusted\":true,\"valid\":false}");
  }

  @Test
  void schemalessSignatureAcceptedOnlyForPlainTokens() {
    UnsignedCapability plain = UnsignedCapability.of("p", ISSUER.publicKey(), SUBJECT.publicKey(), Fixtures.delegableScope(), T0, T0 + 10);
    CapabilityToken legacy = signWithoutSchema(plain);
    assertThat(TRUST_ISSUER.verify(legacy, T0).signatureValid()).isTrue();

    UnsignedCapability withCaveat =
        new UnsignedCapability(
            "p", ISSUER.publicKey(), SUBJECT.publicKey(), Fixtures.delegableScope(), T0, T0 + 10, List.of(),
            List.of(new Caveat(Caveat.Kind.BIND_SESSION, "session == s1", null)), List.of(), null, null);
    assertThat(TRUST_ISSUER.verify(signWithoutSchema(withCaveat), T0).signatureValid()).isFalse();
    assertThat(TRUST_ISSUER.verify(CapabilityToken.sign(withCaveat, ISSUER), T0).signatureValid()).isTrue();
  }

  /** Signs the schema-less body, as pre-schema issuers did, and attaches it to the token JSON. */
  private static CapabilityToken signWithoutSchema(UnsignedCapability body) {
    ObjectNode json = CapabilityToken.sign(body, ISSUER).toJson();
    json.remove("signature");
    json.remove("schema");
    String sig = ISSUER.sign(CanonicalJson.bytes(json)).toHex();
    json.put("signature", sig);
    return CapabilityToken.fromJson(json);
  }

  @Test
  void nonEd25519AlgorithmNeverVerifies() {
    ObjectNode json = Fixtures.parentToken().toJson();
    json.put("algorithm", "p256");
    CapabilityToken p256 = CapabilityToken.fromJson(json);
    assertThat(p256.signature()).isNull();
    assertThat(TRUST_ISSUER.verify(p256, T0).signatureValid()).isFalse();
    json.put("algorithm", "ed25519");
    CapabilityToken explicit = CapabilityToken.fromJson(json);
    assertThat(TRUST_ISSUER.verify(explicit, T0).signatureValid()).isTrue();
    // The explicit field is preserved on re-serialisation but is not part of the signed bytes.
    assertThat(explicit.toJson().get("algorithm").textValue()).isEqualTo("ed25519");
  }

  @Test
  void omissionRulesOnTheWire() {
    ToolGrant bare = ToolGrant.of("s", "t", List.of(Operation.INVOKE)).withDpopRequired(false);
    CapabilityToken t = CapabilityToken.issue(ISSUER, "c", SUBJECT.publicKey(), Scope.ofTools(List.of(bare)), 1, 2);
    ObjectNode json = t.toJson();
    assertThat(json.has("delegation_chain")).isFalse();
    assertThat(json.has("caveats")).isFalse();
    assertThat(json.has("scope_attenuations")).isFalse();
    assertThat(json.has("attenuation_proof")).isFalse();
    assertThat(json.has("budget_share_bps")).isFalse();
    assertThat(json.has("algorithm")).isFalse();
    assertThat(json.get("scope").has("resource_grants")).isFalse();
    assertThat(json.get("scope").has("prompt_grants")).isFalse();
    ObjectNode g = (ObjectNode) json.get("scope").get("grants").get(0);
    assertThat(g.has("constraints")).isFalse();
    assertThat(g.has("max_invocations")).isFalse();
    assertThat(g.has("max_cost_per_invocation")).isFalse();
    // Absent and false are different documents: false is kept.
    assertThat(g.get("dpop_required").booleanValue()).isFalse();
    assertThat(t.scope().grants().get(0).requiresDpop()).isFalse();
  }

  @Test
  void everyConstraintTypeRoundTripsAndUnknownIsPreservedByteExact() {
    List<String> wire =
        List.of(
            "{\"type\":\"path_prefix\",\"value\":\"/w/\"}",
            "{\"type\":\"domain_exact\",\"value\":\"a.dev\"}",
            "{\"type\":\"domain_glob\",\"value\":\"*.a.dev\"}",
            "{\"type\":\"regex_match\",\"value\":\"^x$\"}",
            "{\"type\":\"seller_exact\",\"value\":\"acme\"}",
            "{\"type\":\"max_transaction_amount_usd\",\"value\":\"100.00\"}",
            "{\"type\":\"max_length\",\"value\":1024}",
            "{\"type\":\"max_args_size\",\"value\":4096}",
            "{\"type\":\"max_rows_returned\",\"value\":18446744073709551}",
            "{\"type\":\"table_allowlist\",\"value\":[\"users\",\"orders\"]}",
            "{\"type\":\"column_denylist\",\"value\":[\"users.ssn\"]}",
            "{\"type\":\"audience_allowlist\",\"value\":[]}",
            "{\"type\":\"memory_store_allowlist\",\"value\":[\"m1\"]}",
            "{\"type\":\"memory_write_deny_patterns\",\"value\":[\"secret.*\"]}",
            "{\"type\":\"require_approval_above\",\"value\":{\"threshold_units\":5000}}",
            "{\"type\":\"model_constraint\",\"value\":{\"allowed_model_ids\":[\"m\"],\"min_safety_tier\":null}}",
            "{\"type\":\"model_constraint\",\"value\":{\"allowed_model_ids\":[],\"min_safety_tier\":\"high\"}}",
            "{\"type\":\"custom\",\"value\":[\"rate_limit\",\"10/min\"]}",
            "{\"type\":\"governed_intent_required\"}",
            "{\"type\":\"operation_class\",\"value\":\"read_only\"}",
            "{\"type\":\"content_review_tier\",\"value\":\"strict\"}",
            "{\"type\":\"require_dual_approval\",\"value\":true}",
            "{\"type\":\"minimum_runtime_assurance\",\"value\":\"attested\"}",
            "{\"type\":\"minimum_autonomy_tier\",\"value\":\"delegated\"}",
            "{\"future_field\":{\"a\":null,\"z\":[1,2.5,\"\u00e9\"]},\"type\":\"quantum_entangled\",\"value\":\"??\"}");
    for (String w : wire) {
      Constraint c = Constraint.fromJson(Json.parse(w), "c");
      assertThat(CanonicalJson.string(c.toJson())).as(w).isEqualTo(w);
    }
    assertThat(Constraint.fromJson(Json.parse(wire.get(wire.size() - 1)), "c")).isInstanceOf(Constraint.Unknown.class);
    assertThat(Constraint.KNOWN_TYPES).hasSize(wire.size() - 2);
  }

  @Test
  void tokenWithUnknownConstraintStillVerifiesAndRoundTrips() {
    Constraint unknown =
        Constraint.fromJson(Json.parse("{\"type\":\"geo_fence\",\"value\":{\"lat\":1,\"lon\":-2}}"), "c");
    ToolGrant g = ToolGrant.of("s", "t", List.of(Operation.INVOKE)).withConstraints(List.of(unknown));
    CapabilityToken t = CapabilityToken.issue(ISSUER, "u", SUBJECT.publicKey(), Scope.ofTools(List.of(g)), 1, 9);
    CapabilityToken back = CapabilityToken.parse(t.canonicalBytes());
    assertThat(back).isEqualTo(t);
    assertThat(back.scope().grants().get(0).constraints().get(0)).isEqualTo(unknown);
    assertThat(TRUST_ISSUER.verify(back, 5).valid()).isTrue();
  }

  @Test
  void delegationChainShapeChecks() {
    Ed25519SigningKey a = ISSUER;
    Ed25519SigningKey b = SUBJECT;
    Ed25519SigningKey c = Fixtures.DELEGATEE;
    DelegationLink ab = DelegationLink.sign("x", a, b.publicKey(), List.of(), 10, null);
    DelegationLink bc = DelegationLink.sign("x", b, c.publicKey(), List.of(), 20, null);
    DelegationLink bcEarly = DelegationLink.sign("x", b, c.publicKey(), List.of(), 5, null);
    DelegationLink ac = DelegationLink.sign("x", a, c.publicKey(), List.of(), 20, null);
    DelegationLink forged = new DelegationLink("x", b.publicKey(), c.publicKey(), List.of(), 20, null, ab.signature());
    assertThat(chainOk(List.of(ab, bc), 2)).isTrue();
    assertThat(chainOk(List.of(ab, bc), 1)).as("depth").isFalse();
    assertThat(chainOk(List.of(ab, bc), 0)).isFalse();
    assertThat(chainOk(List.of(ab, bcEarly), 9)).as("timestamps decrease").isFalse();
    assertThat(chainOk(List.of(ab, ac), 9)).as("disconnected").isFalse();
    assertThat(chainOk(List.of(ab, forged), 9)).as("bad link signature").isFalse();
  }

  private static boolean chainOk(List<DelegationLink> chain, int max) {
    UnsignedCapability body =
        UnsignedCapability.of("x", ISSUER.publicKey(), SUBJECT.publicKey(), Fixtures.delegableScope(), 0, 100)
            .withDelegationChain(chain);
    CapabilityToken t = CapabilityToken.sign(body, ISSUER);
    CapabilityVerification v = new CapabilityVerifier(Set.of(ISSUER.publicKey()), max).verify(t, 50);
    assertThat(v.signatureValid()).isTrue();
    return v.delegationChainShapeValid();
  }

  @Test
  void attenuationProofIsCheckedAndBoundToTheChain() {
    Scope parent = Fixtures.delegableScope();
    Scope child = Scope.ofTools(List.of(parent.grants().get(1)));
    String parentJson = CanonicalJson.string(parent.toJson());
    String childJson = CanonicalJson.string(child.toJson());
    AttenuationProof good =
        new AttenuationProof(parent.hash(), child.hash(), new AttenuationProof.Witness(parentJson, childJson, List.of(), List.of()));
    DelegationLink link = DelegationLink.sign("cap-parent", ISSUER, SUBJECT.publicKey(), List.of(), T0, parent.hash());
    List<Attenuation> steps = List.of(new Attenuation.RemoveTool("srv-files", "file_read"));

    assertThat(verify(child, List.of(link), steps, good)).isEqualTo("sig=true chain=true");
    assertThat(verify(child, List.of(link), steps, null)).as("attenuations without proof").isEqualTo("sig=false chain=true");
    assertThat(verify(child, List.of(), steps, good)).as("proof cannot be bound without a chain").isEqualTo("sig=true chain=false");
    DelegationLink other = DelegationLink.sign("cap-parent", ISSUER, SUBJECT.publicKey(), List.of(), T0, child.hash());
    assertThat(verify(child, List.of(other), steps, good)).as("bound to another scope").isEqualTo("sig=true chain=false");
    AttenuationProof widening =
        new AttenuationProof(child.hash(), parent.hash(), new AttenuationProof.Witness(childJson, parentJson, List.of(), List.of()));
    assertThat(verify(parent, List.of(link), steps, widening)).as("witness widens").startsWith("sig=false");
    assertThat(widening.problemWith(parent)).hasValueSatisfying(p -> assertThat(p).contains("widens"));
    assertThat(good.problemWith(parent)).hasValueSatisfying(p -> assertThat(p).contains("childScopeHash"));
    AttenuationProof lying =
        new AttenuationProof(parent.hash(), child.hash(), new AttenuationProof.Witness(parentJson, parentJson, List.of(), List.of()));
    assertThat(lying.problemWith(child)).hasValueSatisfying(p -> assertThat(p).contains("child scope does not hash"));
  }

  private static String verify(Scope scope, List<DelegationLink> chain, List<Attenuation> steps, AttenuationProof proof) {
    UnsignedCapability body =
        new UnsignedCapability("a", ISSUER.publicKey(), SUBJECT.publicKey(), scope, T0, T0 + 10, chain, List.of(), steps, proof, null);
    CapabilityToken t = CapabilityToken.parse(CapabilityToken.sign(body, ISSUER).canonicalBytes());
    CapabilityVerification v = TRUST_ISSUER.verify(t, T0);
    return "sig=" + v.signatureValid() + " chain=" + v.delegationChainShapeValid();
  }
}
