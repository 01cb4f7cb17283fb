package io.chio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.CapabilityVerification;
import io.chio.core.capability.CapabilityVerifier;
import io.chio.core.capability.DelegationLink;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of the reference {@code capability/v1.json} vectors, one dynamic test per case id. */
class CapabilityVectorsTest {
  private static final int EXPECTED_CASES = 20;

  @TestFactory
  Stream<DynamicTest> capabilityVectors() throws IOException {
    JsonNode doc = Json.parse(Files.readAllBytes(SharedDir.vector("capability", "v1.json")));
    Map<Ed25519PublicKey, Ed25519SigningKey> keys = seedKeys(doc);
    Ed25519SigningKey issuer = Ed25519SigningKey.fromSeedHex(doc.get("issuer_seed_hex").textValue());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : doc.get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("id").textValue(), () -> runCase(c, issuer, keys)));
    }
    assertThat(tests).hasSize(EXPECTED_CASES);
    return tests.stream();
  }

  private static void runCase(JsonNode c, Ed25519SigningKey issuer, Map<Ed25519PublicKey, Ed25519SigningKey> keys) {
    JsonNode wire = c.get("capability");
    CapabilityToken token = CapabilityToken.fromJson(wire);
    long now = c.get("verify_at").longValue();
    Set<Ed25519PublicKey> trusted = Set.of(issuer.publicKey());

    CapabilityVerification v = new CapabilityVerifier(trusted, CapabilityVerifier.UNLIMITED_DEPTH).verify(token, now);
    assertMatches(v, c.get("expected"));
    assertThat(v.trusted()).as("issuer is the vectors' issuer key").isTrue();

    if (c.has("max_delegation_depth")) {
      int max = c.get("max_delegation_depth").intValue();
      CapabilityVerification bounded = new CapabilityVerifier(trusted, max).verify(token, now);
      assertMatches(bounded, c.get("expected_with_max_delegation_depth"));
    }

    // Typed round trip: wire -> typed -> wire is byte-identical, and the body minus signature is
    // exactly the vector's capability_body_canonical_json.
    assertThat(CanonicalJson.string(token.toJson())).isEqualTo(CanonicalJson.string(wire));
    ObjectNode body = token.toJson();
    body.remove("signature");
    assertThat(CanonicalJson.string(body)).isEqualTo(c.get("capability_body_canonical_json").textValue());

    // Re-issue: Ed25519 is deterministic, so signing the same body with the issuer seed must give
    // the vector's signature whenever the vector was not tampered with.
    if (c.get("expected").get("signature_valid").booleanValue()) {
      CapabilityToken reissued = CapabilityToken.sign(token.body(), issuer);
      assertThat(reissued.signatureText()).isEqualTo(wire.get("signature").textValue());
    }
    // Every valid link whose delegator seed is published re-signs to the same bytes. (The vectors
    // do not publish the seeds of intermediate delegators, only of the issuer and the alt keys.)
    int resigned = 0;
    for (DelegationLink link : token.delegationChain()) {
      Ed25519SigningKey delegator = keys.get(link.delegator());
      if (delegator == null || !link.signatureValid()) {
        continue;
      }
      DelegationLink again =
          DelegationLink.sign(
              link.capabilityId(), delegator, link.delegatee(), link.attenuations(), link.timestamp(), link.scopeHash());
      assertThat(again).isEqualTo(link);
      resigned++;
    }
    if (c.get("expected").get("delegation_chain_shape_valid").booleanValue() && !token.delegationChain().isEmpty()) {
      assertThat(resigned).as("links re-signed from published seeds").isPositive();
    }
  }

  private static void assertMatches(CapabilityVerification v, JsonNode expected) {
    Set<String> checked = Set.of("signature_valid", "delegation_chain_shape_valid", "time_status", "time_valid");
    for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
      assertThat(checked).as("expected field is checked").contains(it.next());
    }
    assertThat(v.signatureValid()).as("signature_valid").isEqualTo(expected.get("signature_valid").booleanValue());
    assertThat(v.delegationChainShapeValid())
        .as("delegation_chain_shape_valid")
        .isEqualTo(expected.get("delegation_chain_shape_valid").booleanValue());
    assertThat(v.timeStatus().wireName()).as("time_status").isEqualTo(expected.get("time_status").textValue());
    assertThat(v.timeValid()).as("time_valid").isEqualTo(expected.get("time_valid").booleanValue());
  }

  private static Map<Ed25519PublicKey, Ed25519SigningKey> seedKeys(JsonNode doc) {
    Map<Ed25519PublicKey, Ed25519SigningKey> keys = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().endsWith("_seed_hex")) {
        Ed25519SigningKey k = Ed25519SigningKey.fromSeedHex(e.getValue().textValue());
        keys.put(k.publicKey(), k);
      }
    }
    return keys;
  }
}
