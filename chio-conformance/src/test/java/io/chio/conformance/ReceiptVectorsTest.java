package io.chio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.core.receipt.Receipts;
import io.chio.core.receipt.VerificationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference receipt vectors ({@code tests/bindings/vectors/receipt/v1.json}): one dynamic test
 * per case, named by its id, checking every field of {@code expected} against our verifier (no
 * kernel key trusted, as the vectors assume) and the unsigned canonical body.
 */
class ReceiptVectorsTest {
  @TestFactory
  Stream<DynamicTest> receiptVectors() throws IOException {
    JsonNode file = Json.parse(Files.readAllBytes(SharedDir.vector("receipt", "v1.json")));
    List<JsonNode> cases = new ArrayList<>();
    file.get("cases").forEach(cases::add);
    assertThat(cases).as("receipt vector cases").hasSize(14);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("id").textValue(), () -> check(c)));
  }

  private static void check(JsonNode c) {
    JsonNode receiptJson = c.get("receipt");
    assertThat(Receipts.detect(receiptJson)).isEqualTo(Receipts.Format.CHIO);
    VerificationResult result = ReceiptVerifier.trustingNone().verify(receiptJson);
    ObjectNode actual = result.toJson();
    JsonNode expected = c.get("expected");
    assertThat(expected.size()).as("expected fields").isPositive();
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      assertThat(actual.has(field.getKey())).as("verifier reports %s", field.getKey()).isTrue();
      assertThat(actual.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
    }
    ObjectNode unsigned = ChioReceipt.fromJson(receiptJson).toJson();
    unsigned.remove("signature");
    assertThat(CanonicalJson.string(unsigned)).as("receipt_body_canonical_json")
        .isEqualTo(c.get("receipt_body_canonical_json").textValue());
  }
}
