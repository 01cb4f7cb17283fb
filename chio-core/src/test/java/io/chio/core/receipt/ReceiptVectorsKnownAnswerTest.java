package io.chio.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.SharedVectors;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The 14 reference receipt vectors as known answers, plus re-signing them byte for byte. */
class ReceiptVectorsKnownAnswerTest {
  private static final JsonNode VECTORS = SharedVectors.read("tests/bindings/vectors/receipt/v1.json");
  private static final Ed25519SigningKey KEY =
      Ed25519SigningKey.fromSeedHex(VECTORS.get("signing_key_seed_hex").textValue());

  @Test
  void fourteenCases() {
    assertThat(VECTORS.get("cases")).hasSize(14);
  }

  @TestFactory
  Stream<DynamicTest> everyExpectedFieldMatches() {
    return cases().map(c -> DynamicTest.dynamicTest(c.get("id").textValue(), () -> {
      ChioReceipt receipt = ChioReceipt.fromJson(c.get("receipt"));
      ObjectNode actual = ReceiptVerifier.trustingNone().verify(receipt).toJson();
      JsonNode expected = c.get("expected");
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
      ObjectNode unsigned = receipt.toJson();
      unsigned.remove("signature");
      assertThat(CanonicalJson.string(unsigned)).isEqualTo(c.get("receipt_body_canonical_json").textValue());
      assertThat(receipt.canonicalBytes()).isEqualTo(CanonicalJson.bytes(c.get("receipt")));
      assertThat(ChioReceipt.fromCanonicalBytes(receipt.canonicalBytes())).isEqualTo(receipt);
    }));
  }

  /** Deterministic Ed25519: signing the same content with the vector seed reproduces the receipt. */
  @TestFactory
  Stream<DynamicTest> resigningValidCasesReproducesThemExactly() {
    return cases()
        .filter(c -> c.get("expected").get("signature_valid").booleanValue())
        .filter(c -> c.get("expected").get("parameter_hash_valid").booleanValue())
        .map(c -> DynamicTest.dynamicTest(c.get("id").textValue(), () -> {
          ChioReceipt original = ChioReceipt.fromJson(c.get("receipt"));
          ChioReceipt resigned = new ReceiptSigner(KEY).sign(original.content());
          assertThat(new String(resigned.canonicalBytes(), StandardCharsets.UTF_8))
              .isEqualTo(new String(original.canonicalBytes(), StandardCharsets.UTF_8));
          assertThat(resigned.signature()).isEqualTo(c.get("receipt").get("signature").textValue());
        }));
  }

  @TestFactory
  Stream<DynamicTest> signerRefusesEveryInconsistentCase() {
    return cases()
        .filter(c -> !c.get("expected").get("signature_valid").booleanValue())
        .filter(c -> c.get("expected").get("receipt_id_valid").booleanValue())
        .map(c -> DynamicTest.dynamicTest(c.get("id").textValue(), () -> {
          ChioReceipt r = ChioReceipt.fromJson(c.get("receipt"));
          assertThat(r.content().consistencyViolation()).isPresent();
          assertThatThrownBy(() -> new ReceiptSigner(KEY).sign(r.content()))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("inconsistent");
        }));
  }

  @Test
  void vectorKernelKeyIsTheSeedsPublicKey() {
    cases().forEach(c -> assertThat(c.get("receipt").get("kernel_key").textValue()).isEqualTo(KEY.publicKey().toHex()));
  }

  @Test
  void trustingTheKernelKeyMakesOnlyTheGoodAllowAuthorized() {
    ReceiptVerifier verifier = ReceiptVerifier.trusting(KEY.publicKey());
    cases().forEach(c -> {
      ReceiptVerification v = verifier.verify(ChioReceipt.fromJson(c.get("receipt")));
      String id = c.get("id").textValue();
      assertThat(v.signerTrusted()).as(id).isTrue();
      assertThat(v.authorized()).as(id).isEqualTo(id.equals("allow_receipt"));
      assertThat(v.ok()).as(id).isEqualTo(v.signatureValid() && v.parameterHashValid());
      assertThat(v.problems().isEmpty()).as(id + " " + v.problems()).isEqualTo(v.ok());
    });
  }

  private static Stream<JsonNode> cases() {
    return StreamSupport.stream(VECTORS.get("cases").spliterator(), false);
  }
}
