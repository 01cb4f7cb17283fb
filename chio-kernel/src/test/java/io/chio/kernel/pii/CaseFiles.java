package io.chio.kernel.pii;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the per-type case files under {@code src/test/resources/pii/cases/} (25 true positives
 * and 25 near misses per type, seed 8). Run once and commit the output; {@link PerTypeCasesTest}
 * reads the committed files, so the cases are reviewable data, not code.
 *
 * <p>{@code java -cp chio-kernel/target/test-classes:chio-kernel/target/classes:$(deps) io.chio.kernel.pii.CaseFiles chio-kernel/src/test/resources/pii/cases}
 */
final class CaseFiles {
  static final int PER_KIND = 25;

  private CaseFiles() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Random r = new Random(8);
    for (PiiType t : PiiCorpus.TYPES) {
      List<String> lines = new ArrayList<>();
      lines.add("# " + t.configName() + ": '+' lines must be found (value between the tabs), '-' lines must not be reported as this type");
      for (int i = 0; i < PER_KIND; i++) {
        String v = PiiValues.valid(t, r);
        lines.add("+\t" + v + "\t" + PiiCorpus.positive(t, v, r).text());
      }
      for (int i = 0; i < PER_KIND; i++) {
        String v = PiiValues.nearMiss(t, r);
        lines.add("-\t" + v + "\t" + PiiCorpus.negative(t, v, r).text());
      }
      Files.write(dir.resolve(t.configName() + ".tsv"), lines, StandardCharsets.UTF_8);
    }
  }
}
