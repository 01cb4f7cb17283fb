package io.chio.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the read-only reference vectors under {@code shared/conformance/chio}: {@code shared/} is
 * the system property {@code chio.shared.dir} if set (as in chio-conformance's SharedDir), else the
 * first {@code shared/} with a {@code conformance/chio} inside, walking up from the working
 * directory. A missing directory fails the test; it is never a skip.
 */
public final class SharedVectors {
  private SharedVectors() {}

  public static Path conformanceDir() {
    String configured = System.getProperty("chio.shared.dir");
    if (configured != null && !configured.isBlank()) {
      return requireDir(Path.of(configured).toAbsolutePath().resolve("conformance/chio"));
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared/conformance/chio");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find shared/conformance/chio above " + Path.of("").toAbsolutePath() + "; set -Dchio.shared.dir=<shared dir>");
  }

  public static JsonNode read(String relative) {
    Path file = conformanceDir().resolve(relative);
    try {
      return Json.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Path requireDir(Path p) {
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("-Dchio.shared.dir has no conformance/chio directory (" + p + ")");
    }
    return p;
  }
}
