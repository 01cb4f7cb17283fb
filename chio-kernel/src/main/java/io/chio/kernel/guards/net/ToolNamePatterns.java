package io.chio.kernel.guards.net;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool-name patterns: exact names and globs ({@code *}, {@code ?}). Two matching modes:
 *
 * <ul>
 *   <li>{@link #exact}: names compare as written (for allow lists: {@code Read_File} is not {@code
 *       read_file}, so an allow list never admits a look-alike);
 *   <li>{@link #folded}: names and patterns are NFKC-normalised, stripped of invisible format
 *       characters and whitespace, lower-cased and stripped of {@code _ - .} before comparing (for
 *       block and confirmation lists: {@code Shell-Exec}, {@code SHELL_EXEC}, {@code
 *       shell\u200b_exec} and {@code ｓｈｅｌｌ_ｅｘｅｃ} all match {@code shell_exec}).
 * </ul>
 */
final class ToolNamePatterns {
  private final boolean folding;
  private final Map<String, String> exact;
  private final List<Glob> globs;
  private final List<String> globOriginals;

  private ToolNamePatterns(boolean folding, Map<String, String> exact, List<Glob> globs, List<String> globOriginals) {
    this.folding = folding;
    this.exact = exact;
    this.globs = globs;
    this.globOriginals = globOriginals;
  }

  static ToolNamePatterns exact(List<String> patterns) {
    return compile(patterns, false);
  }

  static ToolNamePatterns folded(List<String> patterns) {
    return compile(patterns, true);
  }

  private static ToolNamePatterns compile(List<String> patterns, boolean folding) {
    Map<String, String> exact = new HashMap<>();
    List<Glob> globs = new ArrayList<>();
    List<String> originals = new ArrayList<>();
    for (String p : patterns) {
      String key = folding ? fold(p) : p;
      if (Glob.hasWildcard(key)) {
        globs.add(new Glob(key));
        originals.add(p);
      } else {
        exact.putIfAbsent(key, p);
      }
    }
    return new ToolNamePatterns(folding, Map.copyOf(exact), List.copyOf(globs), List.copyOf(originals));
  }

  boolean isEmpty() {
    return exact.isEmpty() && globs.isEmpty();
  }

  /** The first pattern (as configured) matching {@code toolName}, or null. */
  String match(String toolName) {
    String key = folding ? fold(toolName) : toolName;
    String hit = exact.get(key);
    if (hit != null) {
      return hit;
    }
    for (int i = 0; i < globs.size(); i++) {
      if (globs.get(i).matches(key)) {
        return globOriginals.get(i);
      }
    }
    return null;
  }

  static String fold(String name) {
    String n = name;
    for (int i = 0; i < n.length(); i++) {
      if (n.charAt(i) >= 0x80) {
        n = Normalizer.normalize(n, Normalizer.Form.NFKC);
        break;
      }
    }
    StringBuilder sb = new StringBuilder(n.length());
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c == '_' || c == '-' || c == '.' || Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT) {
        continue;
      }
      sb.append(c < 0x80 ? (char) (c >= 'A' && c <= 'Z' ? c + 32 : c) : Character.toLowerCase(c));
    }
    return sb.toString();
  }
}
