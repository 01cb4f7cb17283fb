package io.chio.core.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Hex;
import io.chio.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * "Mutate every byte, assert rejection": a single changed byte anywhere in the signed preimage or
 * in the signature must never verify. A mutated preimage may fail to parse; that must then be a
 * {@link ChioFormatException}, never another exception and never a pass.
 */
class TamperProperties {

  @Property(tries = 250)
  void flippingAnyByteOfTheSignedJsonIsRejected(
      @ForAll("tokens") CapabilityToken token, @ForAll @IntRange(min = 0, max = 1 << 20) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    byte[] signed = token.signingBytes();
    assertThat(verifiesAfterFlip(token, signed, position % signed.length, xor)).isFalse();
  }

  @Property(tries = 250)
  void flippingAnyByteOfTheSignatureIsRejected(
      @ForAll("tokens") CapabilityToken token, @ForAll @IntRange(min = 0, max = 63) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    assertThat(verifier(token).verify(token, token.issuedAt()).signatureValid()).isTrue();
    byte[] sig = token.signature().toBytes();
    sig[position] ^= (byte) xor;
    ObjectNode json = token.toJson();
    json.put("signature", Hex.encode(sig));
    assertThat(verifier(token).verify(CapabilityToken.fromJson(json), token.issuedAt()).signatureValid()).isFalse();
  }

  @Property(tries = 100)
  void canonicalBytesRoundTripAndVerify(@ForAll("tokens") CapabilityToken token) {
    CapabilityToken back = CapabilityToken.parse(token.canonicalBytes());
    assertThat(back).isEqualTo(token);
    assertThat(back.signingBytes()).isEqualTo(token.signingBytes());
    assertThat(verifier(token).verify(back, token.issuedAt()).signatureValid()).isTrue();
  }

  /** Exhaustive over one rich token: every position, several bit patterns. */
  @Test
  void everyPositionOfARichTokenIsCovered() {
    CapabilityToken token = rich();
    byte[] signed = token.signingBytes();
    assertThat(verifier(token).verify(token, token.issuedAt()).signatureValid()).isTrue();
    for (int i = 0; i < signed.length; i++) {
      for (int xor : new int[] {0x01, 0x20, 0x80, 0xff}) {
        assertThat(verifiesAfterFlip(token, signed, i, xor)).as("byte %d xor %02x", i, xor).isFalse();
      }
    }
  }

  private static boolean verifiesAfterFlip(CapabilityToken token, byte[] signed, int position, int xor) {
    byte[] mutated = signed.clone();
    mutated[position] ^= (byte) xor;
    CapabilityToken candidate;
    try {
      ObjectNode json = Json.parseObject(mutated, "mutated");
      json.put("signature", token.signatureText());
      candidate = CapabilityToken.fromJson(json);
    } catch (ChioFormatException rejected) {
      return false;
    }
    return verifier(token).verify(candidate, candidate.issuedAt()).signatureValid();
  }

  private static CapabilityVerifier verifier(CapabilityToken token) {
    return new CapabilityVerifier(Set.of(token.issuer()), CapabilityVerifier.UNLIMITED_DEPTH);
  }

  private static CapabilityToken rich() {
    Ed25519SigningKey issuer = Fixtures.ISSUER;
    List<Constraint> all = new ArrayList<>();
    for (String w : List.of(
        "{\"type\":\"domain_glob\",\"value\":\"*.\u00e9x\\\"\\\\\"}",
        "{\"type\":\"require_approval_above\",\"value\":{\"threshold_units\":5000}}",
        "{\"type\":\"model_constraint\",\"value\":{\"allowed_model_ids\":[\"m\"],\"min_safety_tier\":null}}",
        "{\"type\":\"custom\",\"value\":[\"k\",\"v\"]}",
        "{\"type\":\"governed_intent_required\"}",
        "{\"type\":\"require_dual_approval\",\"value\":false}",
        "{\"type\":\"geo_fence\",\"value\":{\"lat\":1.5}}")) {
      all.add(Constraint.fromJson(Json.parse(w), "c"));
    }
    ToolGrant g =
        new ToolGrant("srv", "tool", List.of(Operation.INVOKE, Operation.DELEGATE), all, 7L,
            new MonetaryAmount(10, "USD"), new MonetaryAmount(100, "USD"), false);
    Scope scope = new Scope(List.of(g), List.of(new ResourceGrant("file:///*", List.of(Operation.READ))),
        List.of(new PromptGrant("p*", List.of(Operation.GET))));
    DelegationLink link =
        DelegationLink.sign("root", issuer, Fixtures.SUBJECT.publicKey(),
            List.of(new Attenuation.ShortenExpiry(99), new Attenuation.RemoveTool("a", "b")), 3, scope.hash());
    UnsignedCapability body =
        new UnsignedCapability("cap-\u2028rich", issuer.publicKey(), Fixtures.SUBJECT.publicKey(), scope, 5, 1_000,
            List.of(link), List.of(new Caveat(Caveat.Kind.RESTRICT_GEO, "geo in [\"EU\"]", null)), List.of(), null, null);
    return CapabilityToken.sign(body, issuer);
  }

  // ---- generators ----------------------------------------------------------------------------

  @Provide
  Arbitrary<CapabilityToken> tokens() {
    Arbitrary<Ed25519SigningKey> keys = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Ed25519SigningKey::fromSeed);
    Arbitrary<Long> issuedAt = Arbitraries.longs().between(0, 1L << 40);
    Arbitrary<Long> ttl = Arbitraries.longs().between(1, 10_000_000);
    Arbitrary<List<Caveat>> caveats =
        Combinators.combine(Arbitraries.of(Caveat.Kind.class), text()).as((k, p) -> new Caveat(k, p, null)).list().ofMaxSize(2);
    return Combinators.combine(keys, keys, scopes(), issuedAt, ttl, text(), caveats, Arbitraries.integers().between(0, 2))
        .as((issuer, subject, scope, at, life, id, cavs, links) -> {
          List<DelegationLink> chain = new ArrayList<>();
          Ed25519SigningKey from = issuer;
          for (int i = 0; i < links; i++) {
            // Each hop's key is derived from the previous public key: deterministic and distinct.
            Ed25519SigningKey to = Ed25519SigningKey.fromSeed(from.publicKey().toBytes());
            chain.add(DelegationLink.sign(id + i, from, to.publicKey(), List.of(), at + i, i == 0 ? null : scope.hash()));
            from = to;
          }
          UnsignedCapability body =
              new UnsignedCapability("id-" + id, issuer.publicKey(), subject.publicKey(), scope, at, at + life, chain,
                  cavs, List.of(), null, null);
          return CapabilityToken.sign(body, issuer);
        });
  }

  private static Arbitrary<String> text() {
    return Arbitraries.strings()
        .withChars("abcXYZ019-_/.*:\"\\ \u00e9\u2028\u20ac\n")
        .withCharRange('\u4e00', '\u4e05')
        .ofMinLength(1)
        .ofMaxLength(10);
  }

  private static Arbitrary<Scope> scopes() {
    Arbitrary<List<Operation>> ops = Arbitraries.subsetOf(Operation.values()).filter(s -> !s.isEmpty()).map(List::copyOf);
    Arbitrary<MonetaryAmount> money =
        Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of("USD", "EUR", "JPY"))
            .as(MonetaryAmount::new);
    Arbitrary<ToolGrant> tool =
        Combinators.combine(text(), text(), ops, constraints().list().ofMaxSize(3),
                Arbitraries.longs().between(0, Wire.U32_MAX).injectNull(0.4), money.injectNull(0.5), money.injectNull(0.5),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.4))
            .as(ToolGrant::new);
    Arbitrary<ResourceGrant> resource = Combinators.combine(text(), ops).as(ResourceGrant::new);
    Arbitrary<PromptGrant> prompt = Combinators.combine(text(), ops).as(PromptGrant::new);
    return Combinators.combine(tool.list().ofMinSize(1).ofMaxSize(3), resource.list().ofMaxSize(2), prompt.list().ofMaxSize(2))
        .as(Scope::new);
  }

  private static Arbitrary<Constraint> constraints() {
    Arbitrary<Long> n = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Arbitraries.oneOf(
        text().map(Constraint.PathPrefix::new),
        text().map(Constraint.DomainGlob::new),
        text().map(Constraint.RegexMatch::new),
        n.map(Constraint.MaxLength::new),
        n.map(Constraint.MaxArgsSize::new),
        n.map(Constraint.RequireApprovalAbove::new),
        text().list().ofMaxSize(3).map(Constraint.TableAllowlist::new),
        Combinators.combine(text(), text()).as(Constraint.Custom::new),
        Arbitraries.just(new Constraint.GovernedIntentRequired()),
        Arbitraries.of(Constraint.SqlOperationClass.class).map(Constraint.OperationClass::new),
        Arbitraries.of(true, false).map(Constraint.RequireDualApproval::new),
        Combinators.combine(text().list().ofMaxSize(2), Arbitraries.of(Constraint.ModelSafetyTier.class).injectNull(0.5))
            .as(Constraint.ModelConstraint::new),
        text().map(v -> Constraint.fromJson(unknown(v), "c")));
  }

  private static ObjectNode unknown(String value) {
    ObjectNode o = Json.object();
    o.put("type", "x_future");
    o.putObject("value").put("v", value).put("n", 1.25);
    return o;
  }
}
