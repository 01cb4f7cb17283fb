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
import java.nio.file.Path;
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
  private static final String VECTORS = "tests/bindings/vectors/receipt/v1.json";

  @TestFactory
  Stream<DynamicTest> receiptVectors() throws IOException {
    JsonNode file = Json.parse(Files.readAllBytes(conformanceDir().resolve(VECTORS)));
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

  /**
   * {@code shared/conformance/chio}, where {@code shared/} is the system property {@code
   * chio.shared.dir} if set, else the first {@code shared/} with a {@code conformance/chio} inside,
   * walking up from the working directory (same rules as SharedDir on main; to be deduplicated at
   * merge). Missing vectors fail the test rather than skip it.
   */
  private static Path conformanceDir() {
    String configured = System.getProperty("chio.shared.dir");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured).toAbsolutePath().resolve("conformance/chio");
      assertThat(p).as("-Dchio.shared.dir must contain conformance/chio").isDirectory();
      return p;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/conformance/chio");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        "no shared/conformance/chio above " + Path.of("").toAbsolutePath() + "; set -Dchio.shared.dir=<shared dir>");
  }
}
