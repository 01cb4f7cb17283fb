package io.chio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The reference's RFC 8785 vectors: one test per case, named by its id. */
class CanonicalVectorsTest {
  @TestFactory
  List<DynamicTest> canonicalVectors() throws Exception {
    JsonNode doc = Json.parse(Files.readAllBytes(SharedDir.vector("canonical", "v1.json")));
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : doc.get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("id").textValue(), () -> {
        byte[] input = c.get("input_json").textValue().getBytes(StandardCharsets.UTF_8);
        String expected = c.get("canonical_json").textValue();
        String actual = new String(CanonicalJson.canonicalize(input), StandardCharsets.UTF_8);
        assertThat(actual).isEqualTo(expected);
        // Canonical form is a fixed point.
        assertThat(new String(CanonicalJson.canonicalize(actual.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo(expected);
      }));
    }
    assertThat(tests).hasSize(23);
    return tests;
  }
}
