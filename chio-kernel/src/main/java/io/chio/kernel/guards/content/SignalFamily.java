package io.chio.kernel.guards.content;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One named detector signal: fires (once, contributing {@code weight}) when any of its patterns
 * is found in canonical text. {@code keywords} is a cheap prefilter — the patterns only run when
 * the text contains one of them — which keeps benign calls in the microsecond range.
 */
record SignalFamily(String name, int weight, List<String> keywords, List<Pattern> patterns) {
  /** Where a family fired: not at all, in the canonical text, or only in a de-obfuscated view. */
  enum Hit {
    NONE,
    PRIMARY,
    HIDDEN
  }

  /**
   * A family from regex sources written against lower-cased, whitespace-collapsed text. A single
   * space in a source means "optional whitespace" so glued or re-spaced words still match;
   * sources must therefore never put a literal space inside a character class.
   */
  static SignalFamily of(String name, int weight, List<String> keywords, String... sources) {
    Pattern[] compiled = new Pattern[sources.length];
    for (int i = 0; i < sources.length; i++) {
      compiled[i] = Pattern.compile(sources[i].replace(" ", "\\s?"));
    }
    return new SignalFamily(name, weight, List.copyOf(keywords), List.of(compiled));
  }

  boolean matches(String text) {
    boolean candidate = keywords.isEmpty();
    for (String k : keywords) {
      if (text.contains(k)) {
        candidate = true;
        break;
      }
    }
    if (!candidate) {
      return false;
    }
    for (Pattern p : patterns) {
      if (p.matcher(text).find()) {
        return true;
      }
    }
    return false;
  }

  Hit find(ScanText text) {
    if (matches(text.primary)) {
      return Hit.PRIMARY;
    }
    for (String alt : text.alternates) {
      if (matches(alt)) {
        return Hit.HIDDEN;
      }
    }
    return Hit.NONE;
  }
}
