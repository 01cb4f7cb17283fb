package io.chio.kernel.guards.fs;

/** Helpers for deny reasons and receipt details, which are kept for years and must not leak secrets. */
final class Evidence {
  private static final int MAX_QUOTED = 160;

  private Evidence() {}

  /** First 4 and last 4 characters of {@code s}; shorter values are fully starred. */
  static String mask(String s) {
    if (s == null) {
      return "";
    }
    int n = s.codePointCount(0, s.length());
    if (n <= 12) {
      return "*".repeat(n);
    }
    int headEnd = s.offsetByCodePoints(0, 4);
    int tailStart = s.offsetByCodePoints(s.length(), -4);
    return s.substring(0, headEnd) + "…(" + (n - 8) + " chars)…" + s.substring(tailStart);
  }

  /** A double-quoted, length-capped rendering with control characters escaped. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_QUOTED) + 8).append('"');
    int limit = Math.min(s.length(), MAX_QUOTED);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > limit) {
      b.append("…");
    }
    return b.append('"').toString();
  }
}
