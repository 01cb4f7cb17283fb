package io.chio.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chio.core.ChioFormatException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
  private static String canon(String json) {
    return new String(CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.0|1", "-0.0|0", "1e21|1e+21", "1e-7|1e-7", "5e-324|5e-324", "0.30000000000000004|0.30000000000000004",
        "1.2345678901234568e20|123456789012345680000", "1e20|100000000000000000000", "0.000001|0.000001",
        "1.5e300|1.5e+300", "-1.5|-1.5", "4.35|4.35", "0.1|0.1", "1.7976931348623157e308|1.7976931348623157e+308",
        "2e-3|0.002", "9007199254740993|9007199254740993", "18446744073709551615|18446744073709551615",
        "-9223372036854775808|-9223372036854775808", "333333333.3333333|333333333.3333333", "1e15|1000000000000000",
        "1.2345e-7|1.2345e-7"
      })
  void numbers(String in, String out) {
    assertThat(canon(in)).isEqualTo(out);
  }

  @Test
  void integersBeyondU64AreRejectedUnlessExactlyTheirCanonicalDouble() {
    assertThatThrownBy(() -> canon("18446744073709551616")).isInstanceOf(ChioFormatException.class).hasMessageContaining("i64/u64").hasMessageContaining("lose precision");
    assertThatThrownBy(() -> canon("-9223372036854775809")).isInstanceOf(ChioFormatException.class);
    assertThatThrownBy(() -> canon("1" + "0".repeat(400))).isInstanceOf(ChioFormatException.class);
    // Canonical output of doubles in [2^64, 1e21) is plain digits and must read back unchanged.
    assertThat(canon("4.773036023511653e20")).isEqualTo("477303602351165300000");
    assertThat(canon("477303602351165300000")).isEqualTo("477303602351165300000");
    assertThat(canon("100000000000000000000")).isEqualTo("100000000000000000000");
    assertThatThrownBy(() -> canon("NaN")).isInstanceOf(ChioFormatException.class);
    assertThatThrownBy(() -> canon("1e400")).isInstanceOf(ChioFormatException.class);
  }

  /** Canonical output is a fixed point: doubles in [2^64, 1e21) print as plain digits and read back. */
  @Property(tries = 2000)
  void canonicalOutputOfAnyDoubleIsAFixedPoint(@ForAll double d) {
    if (!Double.isFinite(d)) {
      return;
    }
    byte[] once = CanonicalJson.bytes(DoubleNode.valueOf(d));
    assertThat(CanonicalJson.canonicalize(once)).isEqualTo(once);
  }

  @Test
  void rejectsDuplicateKeysAndTrailingGarbage() {
    assertThatThrownBy(() -> canon("{\"a\":1,\"a\":2}")).isInstanceOf(ChioFormatException.class).hasMessageContaining("Duplicate");
    assertThatThrownBy(() -> canon("{} {}")).isInstanceOf(ChioFormatException.class);
    assertThatThrownBy(() -> canon("")).isInstanceOf(ChioFormatException.class);
  }

  @Test
  void stringsAndKeyOrder() {
    assertThat(canon("\"\\u2028\\u0000\\u007f\"")).isEqualTo("\"\u2028\\u0000\u007f\"");
    assertThat(canon("{\"b\":[1,{\"z\":null,\"a\":true}],\"a\":\"x\"}")).isEqualTo("{\"a\":\"x\",\"b\":[1,{\"a\":true,\"z\":null}]}");
  }

  @Test
  void errorsNameTheJsonPathOfTheOffendingValue() {
    assertThatThrownBy(() -> canon("{\"a\":[1,{\"b\":18446744073709551616}]}"))
        .isInstanceOf(ChioFormatException.class)
        .hasMessageStartingWith("$.a[1].b: integer 18446744073709551616 is outside the i64/u64 range");
    assertThatThrownBy(() -> CanonicalJson.bytes((com.fasterxml.jackson.databind.JsonNode) Json.object().set("x", Json.object().arrayNode().add(DoubleNode.valueOf(Double.NaN)))))
        .isInstanceOf(ChioFormatException.class)
        .hasMessage("$.x[0]: NaN and infinities are not valid JSON numbers");
  }

  /** Differential check of the string writer (verbatim fast path plus escapes) against a plain reference. */
  @Property(tries = 3000)
  void stringsMatchAReferenceEscaper(@ForAll String text) {
    boolean loneSurrogate = false;
    StringBuilder ref = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        ref.append(c).append(text.charAt(++i));
        continue;
      }
      if (Character.isSurrogate(c)) {
        loneSurrogate = true;
        break;
      }
      switch (c) {
        case '"' -> ref.append("\\\"");
        case '\\' -> ref.append("\\\\");
        case '\b' -> ref.append("\\b");
        case '\f' -> ref.append("\\f");
        case '\n' -> ref.append("\\n");
        case '\r' -> ref.append("\\r");
        case '\t' -> ref.append("\\t");
        default -> {
          if (c < 0x20) {
            ref.append(String.format("\\u%04x", (int) c));
          } else {
            ref.append(c);
          }
        }
      }
    }
    if (loneSurrogate) {
      assertThatThrownBy(() -> CanonicalJson.bytes(TextNode.valueOf(text))).isInstanceOf(ChioFormatException.class);
      return;
    }
    ref.append('"');
    assertThat(new String(CanonicalJson.bytes(TextNode.valueOf(text)), StandardCharsets.UTF_8)).isEqualTo(ref.toString());
  }

  /** Differential check of the shortest-digits search against the JDK's own round trip. */
  @Property(tries = 3000)
  void everyFiniteDoubleRoundTrips(@ForAll double d) {
    if (!Double.isFinite(d)) {
      return;
    }
    String s = EcmaNumber.format(d);
    assertThat(Double.parseDouble(s)).isEqualTo(d == 0 ? 0.0 : d);
    String digits = s.replaceFirst("^-", "").replaceFirst("e.*$", "").replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
    assertThat(digits.length()).isLessThanOrEqualTo(17);
  }

  @Property(tries = 2000)
  void longsAreExact(@ForAll long v) {
    assertThat(canon(Long.toString(v))).isEqualTo(Long.toString(v));
  }
}
