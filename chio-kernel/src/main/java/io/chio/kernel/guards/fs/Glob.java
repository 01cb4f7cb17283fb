package io.chio.kernel.guards.fs;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A path glob compiled once: {@code **} spans directories, {@code *} and {@code ?} stay within one
 * segment, {@code [a-z]} / {@code [!a]} classes and {@code {a,b}} alternatives are supported.
 * Matching is case-insensitive (both sides are lower-cased) because macOS and Windows file systems
 * are, and an attacker may pick either spelling.
 *
 * <p>{@link #literal()} is the longest fixed substring every match must contain; callers test it
 * with {@code contains} before running the regex, which keeps the common no-match case cheap.
 */
final class Glob {
  private final String source;
  private final Pattern regex;
  private final String literal;

  private Glob(String source, Pattern regex, String literal) {
    this.source = source;
    this.regex = regex;
    this.literal = literal;
  }

  String source() {
    return source;
  }

  String literal() {
    return literal;
  }

  /** {@code lowerPath} must already be lower-cased with {@link Locale#ROOT}. */
  boolean matches(String lowerPath) {
    return lowerPath.contains(literal) && regex.matcher(lowerPath).matches();
  }

  /** True when the glob is anchored at the file-system root or starts with {@code **}. */
  boolean isAbsolute() {
    return source.startsWith("/") || source.startsWith("**") || (source.length() > 1 && source.charAt(1) == ':');
  }

  static Glob compile(String glob) {
    String g = glob.toLowerCase(Locale.ROOT).replace('\\', '/');
    StringBuilder re = new StringBuilder(g.length() * 2);
    StringBuilder run = new StringBuilder();
    String best = "";
    int braceDepth = 0;
    int i = 0;
    while (i < g.length()) {
      char c = g.charAt(i);
      boolean atSegmentStart = i == 0 || g.charAt(i - 1) == '/';
      if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
        // The slash before "**" may be optional ("dir/**" matches "dir"): keep it out of the literal.
        if (run.length() > 0 && run.charAt(run.length() - 1) == '/') {
          run.setLength(run.length() - 1);
        }
        best = longer(best, run, braceDepth);
        run.setLength(0);
        int j = i + 2;
        boolean slashAfter = j < g.length() && g.charAt(j) == '/';
        if (atSegmentStart && slashAfter) {
          re.append("(?:.*/)?");
          i = j + 1;
        } else if (i > 0 && g.charAt(i - 1) == '/' && j == g.length()) {
          // "dir/**" also matches "dir" itself: drop the slash already emitted.
          re.setLength(re.length() - 1);
          re.append("(?:/.*)?");
          i = j;
        } else {
          re.append(".*");
          i = j;
        }
        continue;
      }
      switch (c) {
        case '*' -> {
          best = longer(best, run, braceDepth);
          run.setLength(0);
          re.append("[^/]*");
        }
        case '?' -> {
          best = longer(best, run, braceDepth);
          run.setLength(0);
          re.append("[^/]");
        }
        case '[' -> {
          best = longer(best, run, braceDepth);
          run.setLength(0);
          int close = g.indexOf(']', i + 2);
          if (close < 0) {
            throw new IllegalArgumentException("unclosed '[' in glob " + Evidence.quote(glob));
          }
          String body = g.substring(i + 1, close);
          re.append('[');
          int k = 0;
          if (body.startsWith("!") || body.startsWith("^")) {
            re.append('^');
            k = 1;
          }
          for (; k < body.length(); k++) {
            char bc = body.charAt(k);
            if (bc == '\\' || bc == '[' || bc == ']' || bc == '&' || (bc == '^' && k == 0)) {
              re.append('\\');
            }
            re.append(bc);
          }
          re.append(']');
          i = close;
        }
        case '{' -> {
          best = longer(best, run, braceDepth);
          run.setLength(0);
          braceDepth++;
          re.append("(?:");
        }
        case '}' -> {
          if (braceDepth == 0) {
            throw new IllegalArgumentException("unmatched '}' in glob " + Evidence.quote(glob));
          }
          best = longer(best, run, braceDepth);
          run.setLength(0);
          braceDepth--;
          re.append(')');
        }
        case ',' -> {
          if (braceDepth > 0) {
            run.setLength(0);
            re.append('|');
          } else {
            run.append(c);
            re.append(',');
          }
        }
        default -> {
          run.append(c);
          if (".^$|+()\\".indexOf(c) >= 0) {
            re.append('\\');
          }
          re.append(c);
        }
      }
      i++;
    }
    if (braceDepth != 0) {
      throw new IllegalArgumentException("unclosed '{' in glob " + Evidence.quote(glob));
    }
    best = longer(best, run, braceDepth);
    return new Glob(glob, Pattern.compile(re.toString(), Pattern.DOTALL), best);
  }

  private static String longer(String best, StringBuilder run, int braceDepth) {
    // Text inside {a,b} is optional per alternative, so it cannot be a required literal.
    if (braceDepth > 0 || run.length() <= best.length()) {
      return best;
    }
    return run.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}
