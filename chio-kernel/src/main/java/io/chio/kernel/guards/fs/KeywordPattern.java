package io.chio.kernel.guards.fs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regex guarded by keywords: the regex only runs when the lower-cased text contains one of the
 * keywords (each a substring every match must contain, in lower case). Guards scan every call, and
 * {@code String.contains} is far cheaper than a case-insensitive alternation tried at every
 * position, so most benign input is dismissed without running any regex.
 */
record KeywordPattern(Pattern pattern, List<String> keywords) {
  static KeywordPattern of(String regex, String... keywords) {
    return new KeywordPattern(Pattern.compile(regex), List.of(keywords));
  }

  /** {@code lower} must be {@code text.toLowerCase(Locale.ROOT)}. */
  boolean find(String text, String lower) {
    return mayMatch(lower) && pattern.matcher(text).find();
  }

  /** A matcher positioned before the first match, or null when there is none. */
  Matcher matcher(String text, String lower) {
    if (!mayMatch(lower)) {
      return null;
    }
    return pattern.matcher(text);
  }

  private boolean mayMatch(String lower) {
    for (String k : keywords) {
      if (lower.contains(k)) {
        return true;
      }
    }
    return false;
  }
}
