package io.chio.kernel.guards.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CanonicalSizeTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Provide
  Arbitrary<JsonNode> json() {
    Arbitrary<JsonNode> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20).map(s -> (JsonNode) F.textNode(s.replaceAll("[\\uD800-\\uDFFF]", "x"))),
            Arbitraries.strings().withChars("aé€\u0001\n\"\\/").ofMaxLength(10).map(s -> (JsonNode) F.textNode(s)),
            Arbitraries.longs().map(v -> (JsonNode) F.numberNode(v)),
            Arbitraries.integers().map(v -> (JsonNode) F.numberNode(v)),
            Arbitraries.doubles().between(-1e12, 1e12).map(v -> (JsonNode) F.numberNode(v)),
            Arbitraries.of(F.booleanNode(true), F.booleanNode(false), F.nullNode()),
            Arbitraries.just(F.textNode("\uD83D\uDE00 emoji")));
    return Arbitraries.recursive(() -> leaf, this::container, 3);
  }

  private Arbitrary<JsonNode> container(Arbitrary<JsonNode> inner) {
    Arbitrary<JsonNode> arrays =
        inner.list().ofMaxSize(4).map(l -> {
          ArrayNode a = F.arrayNode();
          l.forEach(a::add);
          return a;
        });
    Arbitrary<JsonNode> objects =
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(6).map(s -> s.replaceAll("[\\uD800-\\uDFFF]", "k")), inner).ofMaxSize(4).map(m -> {
          ObjectNode o = F.objectNode();
          m.forEach(o::set);
          return o;
        });
    return Arbitraries.oneOf(arrays, objects);
  }

  @Property(tries = 500)
  void countsExactlyTheCanonicalBytes(@ForAll("json") JsonNode node) {
    assertThat(CanonicalSize.of(node, Long.MAX_VALUE)).isEqualTo(CanonicalJson.bytes(node).length);
  }

  @Test
  void stopsEarlyPastTheLimit() {
    ArrayNode big = F.arrayNode();
    String tenK = "x".repeat(10_000);
    for (int i = 0; i < 1000; i++) {
      big.add(tenK);
    }
    // The full form is ~10 MB; the walk stops a few elements past the 50 kB limit.
    long partial = CanonicalSize.of(big, 50_000);
    assertThat(partial).isGreaterThan(50_000).isLessThan(70_000);
    assertThat(CanonicalSize.of(big, Long.MAX_VALUE)).isEqualTo(CanonicalJson.bytes(big).length);
  }

  @Test
  void loneSurrogateHasNoCanonicalForm() {
    ObjectNode o = F.objectNode().put("x", "a\uD800b");
    assertThatThrownBy(() -> CanonicalSize.of(o, Long.MAX_VALUE)).isInstanceOf(ChioFormatException.class);
  }

  @Test
  void knownAnswers() {
    for (String s : List.of("{}", "[]", "{\"b\":1,\"a\":[true,null,\"\\u0000\"]}", "{\"n\":-9223372036854775808}", "{\"f\":1.5e-7}")) {
      JsonNode n = Json.parse(s);
      assertThat(CanonicalSize.of(n, Long.MAX_VALUE)).as(s).isEqualTo(CanonicalJson.bytes(n).length);
    }
  }
}
