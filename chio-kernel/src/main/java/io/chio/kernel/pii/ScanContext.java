package io.chio.kernel.pii;

/**
 * Per-scan state shared by the rules: the text, its ASCII-lower-cased copy (same offsets) and
 * keyword look-ups confined to a bounded window, so context checks cost O(window) per candidate.
 */
final class ScanContext {
  /** How far before a value a context keyword may stand ("my SSN, as requested, is ..."). */
  static final int LOOKBACK = 48;

  final String text;
  /** The detector's threshold, so a rule can skip costly validation of a value that could not be reported anyway. */
  final double minConfidence;
  private String lower;

  ScanContext(String text, double minConfidence) {
    this.text = text;
    this.minConfidence = minConfidence;
  }

  String lower() {
    if (lower == null) {
      String fast = text.toLowerCase(java.util.Locale.ROOT);
      if (fast.length() == text.length()) {
        // one char per char, so offsets are those of the text (only a few non-ASCII letters expand)
        lower = fast;
        return lower;
      }
      char[] c = text.toCharArray();
      for (int i = 0; i < c.length; i++) {
        if (c[i] >= 'A' && c[i] <= 'Z') {
          c[i] += 32;
        }
      }
      lower = new String(c);
    }
    return lower;
  }

  /** Whether one of {@code keywords} (lower case) stands as a word in the {@link #LOOKBACK} chars before {@code start}. */
  boolean keywordBefore(int start, String[] keywords) {
    if (keywords.length == 0) {
      return false;
    }
    int from = Math.max(0, start - LOOKBACK);
    // Search a copy of the window only, so a miss never scans the rest of the text.
    String w = lower().substring(from, start);
    for (String kw : keywords) {
      for (int at = w.indexOf(kw); at >= 0; at = w.indexOf(kw, at + 1)) {
        if (isWord(lower(), from + at, from + at + kw.length()) && adjacent(w, at + kw.length())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A keyword describes the value only if nothing else stands between them: no digit (another
   * number) and no sentence end. "NHS number 460 320 9088. Dial +1 646 ..." does not make the
   * phone number an NHS number.
   */
  private static boolean adjacent(String window, int from) {
    for (int i = from; i < window.length(); i++) {
      char c = window.charAt(i);
      if ((c >= '0' && c <= '9') || c == '\n' || ((c == '.' || c == '!' || c == '?' || c == ';') && i + 1 < window.length()
          && window.charAt(i + 1) == ' ')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the value stands right after another type's keyword and not its own: "my TFN is 348
   * 451 395" is not reported as a Canadian SIN even though the digits pass Luhn.
   */
  boolean foreignContext(PiiType own, int start, java.util.Map<PiiType, String[]> keywords) {
    String[] mine = keywords.get(own);
    if (mine != null && keywordBefore(start, mine)) {
      return false;
    }
    for (java.util.Map.Entry<PiiType, String[]> e : keywords.entrySet()) {
      if (e.getKey() != own && keywordBefore(start, e.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code [s, e)} is not glued to letters on either side. */
  static boolean isWord(String l, int s, int e) {
    return (s == 0 || !Character.isLetter(l.charAt(s - 1))) && (e >= l.length() || !Character.isLetter(l.charAt(e)));
  }

  /** {@code base}, or {@code boosted} when a keyword precedes {@code start}. */
  double score(int start, double base, String[] keywords, double boosted) {
    return keywordBefore(start, keywords) ? Math.max(base, boosted) : base;
  }
}
