package io.chio.conformance.matrix;

import io.chio.core.crypto.Sha256;
import io.chio.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The verdict-matrix corpus as its manifest pins it: the scenario files under {@code
 * scenario_root}, checked against {@code scenario_count} and {@code scenario_index_hash}
 * ({@code sha256} over {@code "<path relative to the root>\t<file sha256 hex>\n"} per file, in path
 * order), so a changed, added or missing scenario fails the run instead of going unnoticed.
 */
final class VerdictMatrix {
  private final List<Scenario> scenarios;
  private final int declaredCount;
  private final MatrixDriver driver;

  private VerdictMatrix(List<Scenario> scenarios, int declaredCount) {
    this.scenarios = List.copyOf(scenarios);
    this.declaredCount = declaredCount;
    this.driver = new MatrixDriver(ToolCatalog.of(scenarios));
  }

  static VerdictMatrix load(Path shared) throws IOException {
    Path dir = shared.resolve("conformance/chio/crates/chio-conformance/verdict_matrix");
    String manifest = Files.readString(dir.resolve("manifest.toml"));
    int count = Integer.parseInt(tomlValue(manifest, "scenario_count"));
    Path root = dir.resolve(unquote(tomlValue(manifest, "scenario_root")));
    String declaredHash = unquote(tomlValue(manifest, "scenario_index_hash"));

    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).map(root::relativize).sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    }
    StringBuilder index = new StringBuilder();
    List<Scenario> scenarios = new ArrayList<>();
    for (Path rel : files) {
      byte[] bytes = Files.readAllBytes(root.resolve(rel));
      String relText = rel.toString().replace('\\', '/');
      index.append(relText).append('\t').append(Sha256.hex(bytes)).append('\n');
      scenarios.add(Scenario.parse(relText, Json.parse(bytes)));
    }
    String actualHash = "sha256:" + Sha256.hex(index.toString().getBytes(StandardCharsets.UTF_8));
    if (!actualHash.equals(declaredHash)) {
      throw new IllegalStateException("scenario index hash " + actualHash + " does not match the manifest's " + declaredHash);
    }
    return new VerdictMatrix(scenarios, count);
  }

  List<Scenario> scenarios() {
    return scenarios;
  }

  int declaredCount() {
    return declaredCount;
  }

  MatrixDriver driver() {
    return driver;
  }

  private static String tomlValue(String toml, String key) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=\\s*(.+?)\\s*$").matcher(toml);
    if (!m.find()) {
      throw new IllegalStateException("manifest.toml has no " + key);
    }
    return m.group(1);
  }

  private static String unquote(String v) {
    if (v.length() < 2 || !v.startsWith("\"") || !v.endsWith("\"")) {
      throw new IllegalStateException("expected a quoted string, got " + v);
    }
    return v.substring(1, v.length() - 1);
  }
}
