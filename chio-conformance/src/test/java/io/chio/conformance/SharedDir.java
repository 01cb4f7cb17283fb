package io.chio.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the read-only {@code shared/} directory holding the reference conformance vectors: the
 * system property {@code chio.shared.dir} if set, else the first {@code <dir>/shared} with a
 * {@code conformance/chio} inside, walking up from the working directory.
 */
public final class SharedDir {
  public static final String PROPERTY = "chio.shared.dir";

  private SharedDir() {}

  public static Path locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured).toAbsolutePath();
      if (!Files.isDirectory(p.resolve("conformance/chio"))) {
        throw new IllegalStateException("-D" + PROPERTY + "=" + p + " has no conformance/chio directory");
      }
      return p;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path shared = dir.resolve("shared");
      if (Files.isDirectory(shared.resolve("conformance/chio"))) {
        return shared;
      }
    }
    throw new IllegalStateException(
        "no shared/conformance/chio above " + Path.of("").toAbsolutePath() + "; set -D" + PROPERTY + "=<dir>");
  }

  /** {@code shared/conformance/chio/tests/bindings/vectors/<kind>/<file>}, e.g. ("capability", "v1.json"). */
  public static Path vector(String kind, String file) {
    return locate().resolve("conformance/chio/tests/bindings/vectors").resolve(kind).resolve(file);
  }
}
