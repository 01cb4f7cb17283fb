package io.chio.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the read-only reference vectors: system property {@code chio.shared.dir} (the {@code
 * conformance/chio} directory), else {@code shared/conformance/chio} in the working directory or
 * an ancestor. A missing directory fails the test; it is never a skip.
 */
public final class SharedVectors {
  private SharedVectors() {}

  public static Path conformanceDir() {
    String configured = System.getProperty("chio.shared.dir");
    if (configured != null) {
      return requireDir(Path.of(configured));
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared/conformance/chio");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find shared/conformance/chio above " + Path.of("").toAbsolutePath() + "; set -Dchio.shared.dir");
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
      throw new IllegalStateException("chio.shared.dir " + p + " is not a directory");
    }
    return p;
  }
}
