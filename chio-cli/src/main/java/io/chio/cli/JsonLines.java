package io.chio.cli;

import io.chio.core.ChioFormatException;
import io.chio.core.json.CanonicalJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON Lines file as canonical leaves; blank lines are skipped, errors name the line. */
final class JsonLines {
  private JsonLines() {}

  static List<byte[]> canonicalLeaves(Path file) throws IOException {
    List<byte[]> leaves = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          leaves.add(CanonicalJson.canonicalize(line.getBytes(StandardCharsets.UTF_8)));
        } catch (ChioFormatException e) {
          throw new UserError(file + ":" + n + ": " + e.getMessage());
        }
      }
    }
    return leaves;
  }
}
