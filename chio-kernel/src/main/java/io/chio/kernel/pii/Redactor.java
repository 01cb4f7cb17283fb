package io.chio.kernel.pii;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Applies redactions to the spans a {@link PiiDetector} found. */
public final class Redactor {
  private Redactor() {}

  /**
   * {@code text} with each match replaced by {@code strategy.apply(match)}'s output; a null
   * strategy result leaves that match as is. Matches must be non-overlapping and sorted by start
   * (as {@link PiiDetector#scan} returns them).
   */
  public static String apply(String text, List<PiiMatch> matches, Function<PiiMatch, Redaction> strategy) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(matches, "matches");
    Objects.requireNonNull(strategy, "strategy");
    if (matches.isEmpty()) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    int pos = 0;
    for (PiiMatch m : matches) {
      if (m.start() < pos || m.end() > text.length()) {
        throw new IllegalArgumentException("matches must be sorted, non-overlapping and inside the text");
      }
      Redaction r = strategy.apply(m);
      if (r == null) {
        continue;
      }
      b.append(text, pos, m.start()).append(r.replace(m, text.substring(m.start(), m.end())));
      pos = m.end();
    }
    return b.append(text, pos, text.length()).toString();
  }

  /** Every match replaced with the same strategy. */
  public static String apply(String text, List<PiiMatch> matches, Redaction strategy) {
    Objects.requireNonNull(strategy, "strategy");
    return apply(text, matches, m -> strategy);
  }
}
