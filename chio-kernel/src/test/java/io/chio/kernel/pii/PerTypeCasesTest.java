package io.chio.kernel.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Data-driven: {@code src/test/resources/pii/cases/<type>.tsv}, >= 20 true positives and >= 20 near misses per type. */
class PerTypeCasesTest {
  private static final PiiDetector ALL = PiiDetector.of(EnumSet.allOf(PiiType.class));

  static Stream<Arguments> types() {
    return Stream.of(PiiCorpus.TYPES).map(Arguments::of);
  }

  private static List<String[]> cases(PiiType t) throws IOException {
    try (InputStream in = PerTypeCasesTest.class.getResourceAsStream("/pii/cases/" + t.configName() + ".tsv")) {
      assertThat(in).as("case file for " + t.configName()).isNotNull();
      List<String[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.split("\t", 3));
        }
      }
      return out;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void truePositivesAreFoundWithExactSpans(PiiType t) throws IOException {
    List<String[]> cases = cases(t);
    List<String> missed = new ArrayList<>();
    int n = 0;
    for (String[] c : cases) {
      if (!c[0].equals("+")) {
        continue;
      }
      n++;
      String text = c[2];
      boolean found = ALL.scan(text).stream().anyMatch(m -> m.type() == t && text.substring(m.start(), m.end()).equals(c[1]));
      if (!found) {
        missed.add(text + "  => " + ALL.scan(text));
      }
    }
    assertThat(n).isGreaterThanOrEqualTo(20);
    assertThat(missed).as("missed " + t.configName()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void nearMissesAreNotReported(PiiType t) throws IOException {
    List<String[]> cases = cases(t);
    List<String> reported = new ArrayList<>();
    int n = 0;
    for (String[] c : cases) {
      if (!c[0].equals("-")) {
        continue;
      }
      n++;
      String text = c[2];
      if (ALL.scan(text).stream().anyMatch(m -> m.type() == t)) {
        reported.add(text + "  => " + ALL.scan(text));
      }
    }
    assertThat(n).isGreaterThanOrEqualTo(20);
    assertThat(reported).as("false positives for " + t.configName()).isEmpty();
  }
}
