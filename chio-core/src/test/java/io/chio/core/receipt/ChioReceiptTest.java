package io.chio.core.receipt;

import static io.chio.core.receipt.Fixtures.KERNEL;
import static io.chio.core.receipt.Fixtures.OTHER;
import static io.chio.core.receipt.Fixtures.common;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ChioReceiptTest {
  private final ReceiptSigner signer = new ReceiptSigner(KERNEL);
  private final ReceiptVerifier verifier = ReceiptVerifier.trusting(KERNEL.publicKey());

  @Test
  void signedReceiptVerifiesAndIsAuthorized() {
    ChioReceipt r = signer.sign(Fixtures.allow());
    ReceiptVerification v = verifier.verify(r);
    assertThat(v.ok()).isTrue();
    assertThat(v.authorized()).isTrue();
    assertThat(v.result()).isEqualTo("Authorized");
    assertThat(v.problems()).isEmpty();
    assertThat(r.id()).isEqualTo(Sha256.hex(r.bodyCanonicalBytes()));
    assertThat(r.parameterHash()).isEqualTo(Sha256.hex("{\"mode\":\"read\",\"path\":\"/workspace/a.md\"}".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.kernelKey()).isEqualTo(KERNEL.publicKey());
  }

  @Test
  void signatureCoversIdAndBodyNotTheFlatReceipt() {
    ChioReceipt r = signer.sign(Fixtures.allow());
    String body = new String(r.bodyCanonicalBytes(), StandardCharsets.UTF_8);
    byte[] message = ("{\"body\":" + body + ",\"id\":\"" + r.id() + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(KERNEL.publicKey().verify(message, r.ed25519Signature().orElseThrow())).isTrue();
    assertThat(KERNEL.publicKey().verify(r.bodyCanonicalBytes(), r.ed25519Signature().orElseThrow())).isFalse();
    ObjectNode flat = r.toJson();
    flat.remove("signature");
    assertThat(KERNEL.publicKey().verify(CanonicalJson.bytes(flat), r.ed25519Signature().orElseThrow())).isFalse();
  }

  @Test
  void optionalFieldsAreOmittedWhenNoneAndWrittenWhenSet() {
    JsonNode minimal = signer.sign(Fixtures.allow()).toJson();
    assertThat(minimal.has("decision")).isTrue();
    for (String absent : List.of("observation_outcome", "actor_chain", "evidence", "metadata", "tenant_id", "algorithm")) {
      assertThat(minimal.has(absent)).as(absent).isFalse();
    }
    JsonNode full =
        signer.sign(
                common(ReceiptDraft.mediated(Decision.deny("path is forbidden", "ForbiddenPathGuard")))
                    .addActor(new ActorRef("agent-7", null))
                    .addActor(new ActorRef("user-1", "human"))
                    .addEvidence(GuardEvidence.fail("ForbiddenPathGuard", null))
                    .addEvidence(GuardEvidence.pass("SecretLeakGuard", "clean"))
                    .metadata(Json.parse("{\"surface\":\"mcp\"}"))
                    .tenantId("acme")
                    .build())
            .toJson();
    assertThat(full.get("decision")).isEqualTo(Json.parse("{\"verdict\":\"deny\",\"reason\":\"path is forbidden\",\"guard\":\"ForbiddenPathGuard\"}"));
    assertThat(full.get("actor_chain")).isEqualTo(Json.parse("[{\"actor_id\":\"agent-7\"},{\"actor_id\":\"user-1\",\"actor_kind\":\"human\"}]"));
    assertThat(full.get("evidence")).isEqualTo(Json.parse(
        "[{\"guard_name\":\"ForbiddenPathGuard\",\"verdict\":false},{\"guard_name\":\"SecretLeakGuard\",\"verdict\":true,\"details\":\"clean\"}]"));
    assertThat(full.get("tenant_id").textValue()).isEqualTo("acme");
    JsonNode trace = signer.sign(common(ReceiptDraft.traceObservation(ObservationOutcome.DROPPED)).build()).toJson();
    assertThat(trace.has("decision")).isFalse();
    assertThat(trace.get("observation_outcome").textValue()).isEqualTo("dropped");
    JsonNode nullMetadata = signer.sign(common(ReceiptDraft.mediated(Decision.allow())).metadata(Json.parse("null")).build()).toJson();
    assertThat(nullMetadata.has("metadata")).isFalse();
  }

  @Test
  void noToolOutputHashesJsonNull() {
    ReceiptDraft d = common(ReceiptDraft.mediated(Decision.allow())).toolOutput(null).build();
    assertThat(d.contentHash()).isEqualTo("74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b");
  }

  @Test
  void resultLabelsForEveryDecision() {
    assertThat(label(Decision.deny("r", "g"))).isEqualTo("Denied");
    assertThat(label(Decision.cancelled("timeout"))).isEqualTo("Cancelled");
    assertThat(label(Decision.incomplete("stream cut"))).isEqualTo("Incomplete");
    assertThat(verifier.verify(signer.sign(common(ReceiptDraft.advisoryEvaluation(ObservationOutcome.EVALUATED)).build())).result())
        .isEqualTo("Advisory");
    ReceiptVerification deny = verifier.verify(signer.sign(common(ReceiptDraft.mediated(Decision.deny("r", "g"))).build()));
    assertThat(deny.ok()).isTrue();
    assertThat(deny.authorized()).isFalse();
    assertThat(deny.decision()).isEqualTo("deny");
  }

  private String label(Decision d) {
    return verifier.verify(signer.sign(common(ReceiptDraft.mediated(d)).build())).result();
  }

  @Test
  void signerRefusesEveryInconsistentReceipt() {
    List<ReceiptDraft> bad =
        List.of(
            common(ReceiptDraft.mediated(Decision.allow())).decision(null).build(),
            common(ReceiptDraft.mediated(Decision.allow())).observationOutcome(ObservationOutcome.OBSERVED).build(),
            common(ReceiptDraft.mediated(Decision.allow())).boundaryClass(BoundaryClass.DETECT_ONLY).build(),
            common(ReceiptDraft.mediated(Decision.allow())).trustLevel(TrustLevel.VERIFIED).build(),
            common(ReceiptDraft.traceObservation(ObservationOutcome.OBSERVED)).decision(Decision.allow()).build(),
            common(ReceiptDraft.traceObservation(ObservationOutcome.OBSERVED)).observationOutcome(null).build(),
            common(ReceiptDraft.traceObservation(ObservationOutcome.OBSERVED)).trustLevel(TrustLevel.MEDIATED).build(),
            common(ReceiptDraft.traceObservation(ObservationOutcome.OBSERVED)).boundaryClass(BoundaryClass.PREVENT).build(),
            common(ReceiptDraft.advisoryEvaluation(ObservationOutcome.EVALUATED)).decision(Decision.deny("r", "g")).build(),
            common(ReceiptDraft.advisoryEvaluation(ObservationOutcome.EVALUATED)).trustLevel(TrustLevel.VERIFIED).build(),
            common(ReceiptDraft.advisoryEvaluation(ObservationOutcome.EVALUATED)).boundaryClass(BoundaryClass.CANNOT_SEE).build(),
            common(ReceiptDraft.traceObservation(ObservationOutcome.OBSERVED)).boundaryClass(BoundaryClass.CANNOT_SEE).build());
    for (ReceiptDraft d : bad) {
      assertThatThrownBy(() -> signer.sign(d)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inconsistent");
    }
  }

  @Test
  void parsingAcceptsAnyFormattingButCanonicalBytesMustBeExact() {
    ChioReceipt r = signer.sign(Fixtures.allow());
    String pretty = r.toJson().toPrettyString();
    ChioReceipt reparsed = ChioReceipt.parse(pretty.getBytes(StandardCharsets.UTF_8));
    assertThat(reparsed).isEqualTo(r);
    assertThat(verifier.verify(reparsed).ok()).isTrue();
    assertThatThrownBy(() -> ChioReceipt.fromCanonicalBytes(pretty.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChioFormatException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void untrustedSignerIsNeverOk() {
    ChioReceipt r = new ReceiptSigner(OTHER).sign(Fixtures.allow());
    ReceiptVerification v = verifier.verify(r);
    assertThat(v.signatureValid()).isTrue();
    assertThat(v.signerTrusted()).isFalse();
    assertThat(v.ok()).isFalse();
    assertThat(v.authorized()).isFalse();
    assertThat(v.problems()).singleElement().asString().contains("not a trusted kernel key");
    assertThat(ReceiptVerifier.trusting(OTHER.publicKey(), OTHER.publicKey()).verify(r).ok()).isTrue();
  }

  @Test
  void swappedKernelKeyFailsEvenWhenTrusted() {
    ObjectNode j = signer.sign(Fixtures.allow()).toJson();
    j.put("kernel_key", OTHER.publicKey().toHex());
    ReceiptVerification v = ReceiptVerifier.trusting(KERNEL.publicKey(), OTHER.publicKey()).verify(ChioReceipt.fromJson(j));
    assertThat(v.receiptIdValid()).isFalse();
    assertThat(v.signatureValid()).isFalse();
    assertThat(v.ok()).isFalse();
  }

  @Test
  void otherAlgorithmsParseButNeverVerify() {
    ObjectNode declared = signer.sign(Fixtures.allow()).toJson();
    declared.put("algorithm", "p256");
    ReceiptVerification v = verifier.verify(ChioReceipt.fromJson(declared));
    assertThat(v.signatureValid()).isFalse();
    assertThat(v.problems()).anyMatch(p -> p.contains("p256"));

    ObjectNode prefixed = signer.sign(Fixtures.allow()).toJson();
    prefixed.put("signature", "hybrid:" + "ab".repeat(100));
    ChioReceipt hybrid = ChioReceipt.fromJson(prefixed);
    assertThat(hybrid.ed25519Signature()).isEmpty();
    assertThat(verifier.verify(hybrid).signatureValid()).isFalse();

    ObjectNode explicitEd = signer.sign(Fixtures.allow()).toJson();
    explicitEd.put("algorithm", "ed25519");
    assertThat(verifier.verify(ChioReceipt.fromJson(explicitEd)).ok()).isTrue();
  }

  @Test
  void malformedReceiptsGiveOneLineErrorsNamingTheField() {
    assertFormatError(j -> j.put("surprise", 1), "receipt: unknown field \"surprise\"");
    assertFormatError(j -> j.remove("tool_name"), "receipt.tool_name: required field is missing");
    assertFormatError(j -> j.putNull("metadata"), "receipt.metadata: null is not allowed");
    assertFormatError(j -> j.putNull("decision"), "receipt.decision: null is not allowed");
    assertFormatError(j -> j.putNull("tenant_id"), "receipt.tenant_id: expected a string, got null");
    assertFormatError(j -> j.put("timestamp", -1), "receipt.timestamp");
    assertFormatError(j -> j.put("timestamp", "1710000200"), "receipt.timestamp: expected an unsigned integer");
    assertFormatError(j -> j.put("boundary_class", "somewhere"), "receipt.boundary_class: unknown value \"somewhere\"");
    assertFormatError(j -> j.put("trust_level", "Mediated"), "receipt.trust_level: unknown value");
    assertFormatError(j -> j.put("kernel_key", j.get("kernel_key").textValue().toUpperCase()), "receipt.kernel_key: expected lowercase hex");
    assertFormatError(j -> j.put("kernel_key", "0x" + j.get("kernel_key").textValue()), "receipt.kernel_key: expected 64 lowercase hex");
    assertFormatError(j -> j.put("signature", j.get("signature").textValue().substring(2)), "receipt.signature: expected 128");
    assertFormatError(j -> j.put("algorithm", "rsa"), "receipt.algorithm: unknown value \"rsa\"");
    assertFormatError(j -> ((ObjectNode) j.get("decision")).put("verdict", "maybe"), "receipt.decision.verdict: unknown value \"maybe\"");
    assertFormatError(j -> ((ObjectNode) j.get("decision")).put("reason", "x"), "receipt.decision: unknown field \"reason\"");
    assertFormatError(j -> ((ObjectNode) j.get("action")).remove("parameters"), "receipt.action.parameters: required field is missing");
    assertFormatError(j -> j.putArray("evidence").addObject().put("guard_name", "G").put("verdict", "yes"),
        "receipt.evidence[0].verdict: expected a boolean");
    assertFormatError(j -> j.putArray("actor_chain").addObject().put("actor_kind", "agent"),
        "receipt.actor_chain[0].actor_id: required field is missing");
  }

  private void assertFormatError(Consumer<ObjectNode> mutation, String message) {
    ObjectNode j = signer.sign(Fixtures.allow()).toJson();
    mutation.accept(j);
    assertThatThrownBy(() -> ChioReceipt.fromJson(j))
        .isInstanceOf(ChioFormatException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void valuesAreCopiedInAndOut() {
    ObjectNode params = (ObjectNode) Json.parse("{\"path\":\"/a\"}");
    ReceiptDraft d = common(ReceiptDraft.mediated(Decision.allow())).parameters(params).build();
    params.put("path", "/etc/shadow");
    ChioReceipt r = signer.sign(d);
    ((ObjectNode) r.parameters()).put("path", "/etc/passwd");
    assertThat(r.parameters().get("path").textValue()).isEqualTo("/a");
    assertThat(verifier.verify(r).ok()).isTrue();
    byte[] bytes = r.canonicalBytes();
    bytes[0] = 'X';
    assertThat(r.canonicalBytes()[0]).isEqualTo((byte) '{');
  }

  @Test
  void draftRoundTripsThroughTheReceipt() {
    ReceiptDraft d =
        common(ReceiptDraft.traceObservation(ObservationOutcome.OBSERVED))
            .toolOrigin(ToolOrigin.HOST_EXECUTED_PROVIDER_REPORTED)
            .redactionMode(RedactionMode.SUMMARY)
            .tenantId("t-1")
            .build();
    ChioReceipt r = signer.sign(d);
    ChioReceipt again = signer.sign(ChioReceipt.fromJson(r.toJson()).content());
    assertThat(again).isEqualTo(r);
    assertThat(again.toolOrigin()).isEqualTo(ToolOrigin.HOST_EXECUTED_PROVIDER_REPORTED);
    assertThat(again.tenantId()).contains("t-1");
    assertThat(Receipts.detect(r.toJson())).isEqualTo(Receipts.Format.CHIO);
    assertThat(verifier.verify(r.toJson())).isInstanceOf(ReceiptVerification.class);
  }
}
