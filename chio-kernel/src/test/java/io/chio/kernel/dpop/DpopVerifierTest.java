package io.chio.kernel.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import org.junit.jupiter.api.Test;

class DpopVerifierTest {
  static final long NOW = 1_700_000_000L;
  static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeedHex("09".repeat(32));
  static final Ed25519SigningKey OTHER = Ed25519SigningKey.fromSeedHex("0a".repeat(32));
  static final Ed25519PublicKey SUBJECT = AGENT.publicKey();
  static final JsonNode ARGS = Json.parse("{\"path\":\"/tmp/demo\"}");

  final DpopVerifier verifier = new DpopVerifier();

  DpopProof proof(String nonce, long issuedAt) {
    return DpopProof.sign(AGENT, "cap-123", "srv-files", "read_file", ARGS, nonce, issuedAt);
  }

  void verify(DpopProof p, long now) throws DpopException {
    verifier.verify(p, "cap-123", SUBJECT, "srv-files", "read_file", ARGS, now);
  }

  /** Re-signs an arbitrary body with {@code key}, as a hostile but key-holding agent could. */
  static DpopProof signed(ObjectNode body, Ed25519SigningKey key) {
    ObjectNode env = Json.object();
    env.set("body", body);
    env.put("signature", key.sign(CanonicalJson.bytes(body)).toHex());
    return DpopProof.fromJson(env);
  }

  ObjectNode body(DpopProof p) {
    return (ObjectNode) p.toJson().get("body");
  }

  @Test
  void aFreshProofIsAcceptedOnceAndItsReplayIsRefused() throws Exception {
    DpopProof p = proof("n-1", NOW);
    verify(p, NOW);
    assertThatThrownBy(() -> verify(p, NOW + 1)).isInstanceOf(DpopException.class).hasMessage("DPoP proof nonce has already been used");
    // The replay key is (nonce, capability): the same nonce under another capability is a different proof.
    DpopProof other = DpopProof.sign(AGENT, "cap-456", "srv-files", "read_file", ARGS, "n-1", NOW);
    assertThatCode(() -> verifier.verify(other, "cap-456", SUBJECT, "srv-files", "read_file", ARGS, NOW)).doesNotThrowAnyException();
  }

  @Test
  void bodyIsTheEightFieldsAndSignatureCoversTheirCanonicalJson() {
    DpopProof p = proof("n", NOW);
    ObjectNode b = body(p);
    assertThat(CanonicalJson.string(b)).isEqualTo("{\"action_hash\":\"" + DpopProof.actionHash(ARGS) + "\",\"agent_key\":\"" + SUBJECT.toHex()
        + "\",\"capability_id\":\"cap-123\",\"issued_at\":1700000000,\"nonce\":\"n\",\"schema\":\"chio.dpop_proof.v1\","
        + "\"tool_name\":\"read_file\",\"tool_server\":\"srv-files\"}");
    assertThat(DpopProof.actionHash(Json.parse("{\"b\":1,\"a\":2}"))).isEqualTo(DpopProof.actionHash(Json.parse("{\"a\":2,\"b\":1}")));
  }

  @Test
  void everyBindingIsChecked() {
    assertThatThrownBy(() -> verifier.verify(proof("a", NOW), "cap-999", SUBJECT, "srv-files", "read_file", ARGS, NOW))
        .hasMessage("DPoP proof is bound to a different capability");
    assertThatThrownBy(() -> verifier.verify(proof("b", NOW), "cap-123", SUBJECT, "srv-other", "read_file", ARGS, NOW))
        .hasMessage("DPoP proof is bound to a different tool server");
    assertThatThrownBy(() -> verifier.verify(proof("c", NOW), "cap-123", SUBJECT, "srv-files", "write_file", ARGS, NOW))
        .hasMessage("DPoP proof is bound to a different tool");
    assertThatThrownBy(() -> verifier.verify(proof("d", NOW), "cap-123", SUBJECT, "srv-files", "read_file", Json.parse("{\"path\":\"/etc/shadow\"}"), NOW))
        .hasMessage("DPoP proof is bound to different arguments");
    assertThatThrownBy(() -> verifier.verify(proof("e", NOW), "cap-123", OTHER.publicKey(), "srv-files", "read_file", ARGS, NOW))
        .hasMessage("DPoP proof agent_key does not match the capability subject");
  }

  @Test
  void aProofSignedByAnotherKeyIsRefusedEvenWithTheRightAgentKeyField() {
    assertThatThrownBy(() -> verify(signed(body(proof("n", NOW)), OTHER), NOW)).hasMessage("DPoP proof signature does not verify");
  }

  @Test
  void freshnessWindowIsInclusiveAtBothEnds() throws Exception {
    verify(proof("old-ok", NOW - 300), NOW);
    assertThatThrownBy(() -> verify(proof("old", NOW - 301), NOW)).hasMessage("DPoP proof has expired");
    verify(proof("future-ok", NOW + 30), NOW);
    assertThatThrownBy(() -> verify(proof("future", NOW + 31), NOW)).hasMessage("DPoP proof is issued in the future");
  }

  @Test
  void wrongSchemaIsRefusedEvenWhenSigned() {
    ObjectNode b = body(proof("n", NOW));
    b.put("schema", "chio.dpop_proof.v2");
    assertThatThrownBy(() -> verify(signed(b, AGENT), NOW)).hasMessageContaining("schema");
  }

  @Test
  void flippingAnySignatureCharacterIsRefused() {
    ObjectNode env = proof("n", NOW).toJson();
    String sig = env.get("signature").textValue();
    for (int i = 0; i < sig.length(); i++) {
      ObjectNode m = env.deepCopy();
      char c = sig.charAt(i);
      m.put("signature", sig.substring(0, i) + (c == 'f' ? 'e' : (char) (c == '9' ? 'a' : c + 1)) + sig.substring(i + 1));
      DpopProof bad = DpopProof.fromJson(m);
      assertThatThrownBy(() -> verify(bad, NOW)).as("char %d", i).isInstanceOf(DpopException.class);
    }
  }

  @Test
  void aRefusedProofDoesNotSpendItsNonce() throws Exception {
    DpopProof good = proof("n", NOW);
    assertThatThrownBy(() -> verify(signed(body(good), OTHER), NOW)).isInstanceOf(DpopException.class);
    verify(good, NOW);
  }

  @Test
  void theReplayCacheIsBoundedAndRefusesRatherThanForgets() throws Exception {
    DpopVerifier small = new DpopVerifier(300, 30, 2);
    small.verify(proof("a", NOW), "cap-123", SUBJECT, "srv-files", "read_file", ARGS, NOW);
    small.verify(proof("b", NOW + 10), "cap-123", SUBJECT, "srv-files", "read_file", ARGS, NOW + 10);
    assertThatThrownBy(() -> small.verify(proof("c", NOW + 20), "cap-123", SUBJECT, "srv-files", "read_file", ARGS, NOW + 20))
        .hasMessageContaining("replay cache is full");
    // "a" is still live, so it is still a replay, not forgotten.
    assertThatThrownBy(() -> small.verify(proof("a", NOW), "cap-123", SUBJECT, "srv-files", "read_file", ARGS, NOW + 20))
        .hasMessage("DPoP proof nonce has already been used");
    // Once "a" can no longer be fresh (after NOW + 300) its slot is reused.
    small.verify(proof("d", NOW + 301), "cap-123", SUBJECT, "srv-files", "read_file", ARGS, NOW + 301);
  }

  @Test
  void wireFormIsStrict() {
    ObjectNode env = proof("n", NOW).toJson();
    assertThat(DpopProof.fromJson(env).toJson()).isEqualTo(env);
    ObjectNode extraBody = env.deepCopy();
    ((ObjectNode) extraBody.get("body")).put("jti", "x");
    assertThatThrownBy(() -> DpopProof.fromJson(extraBody)).isInstanceOf(ChioFormatException.class).hasMessageContaining("jti");
    ObjectNode extraEnv = env.deepCopy();
    extraEnv.put("alg", "none");
    assertThatThrownBy(() -> DpopProof.fromJson(extraEnv)).hasMessageContaining("alg");
    ObjectNode noNonce = env.deepCopy();
    ((ObjectNode) noNonce.get("body")).remove("nonce");
    assertThatThrownBy(() -> DpopProof.fromJson(noNonce)).hasMessageContaining("nonce");
    ObjectNode badKey = env.deepCopy();
    ((ObjectNode) badKey.get("body")).put("agent_key", "zz");
    assertThatThrownBy(() -> verify(DpopProof.fromJson(badKey), NOW)).hasMessage("DPoP proof agent_key is malformed");
  }
}
