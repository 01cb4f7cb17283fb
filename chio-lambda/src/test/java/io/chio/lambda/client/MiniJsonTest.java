package io.chio.lambda.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {
  @Test
  void writesAndReadsBack() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\u0001é");
    m.put("n", 42);
    m.put("d", 1.5);
    m.put("l", List.of(true, false));
    m.put("z", null);
    String text = MiniJson.write(m);
    assertThat(text).isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":42,\"d\":1.5,\"l\":[true,false],\"z\":null}");
    Map<?, ?> back = (Map<?, ?>) MiniJson.read(text);
    assertThat(back.get("s")).isEqualTo("a\"b\\c\n\u0001é");
    assertThat(back.get("n")).isEqualTo(new BigDecimal("42"));
    assertThat(back.get("l")).isEqualTo(List.of(true, false));
    assertThat(back.containsKey("z")).isTrue();
  }

  @Test
  void strict() {
    assertThatThrownBy(() -> MiniJson.read("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> MiniJson.read("{} x")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> MiniJson.read("{\"a\":")).hasMessageContaining("unexpected end");
    assertThatThrownBy(() -> MiniJson.write(Map.of("x", new Object()))).hasMessageContaining("cannot write");
    assertThatThrownBy(() -> MiniJson.write(Double.NaN)).hasMessageContaining("NaN");
    assertThat(MiniJson.read("\"\\u00e9\"")).isEqualTo("é");
  }
}
