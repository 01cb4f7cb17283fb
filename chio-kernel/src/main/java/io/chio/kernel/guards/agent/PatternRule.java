package io.chio.kernel.guards.agent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A named regex with an optional literal prefilter: each needle group must have at least one
 * needle in the text before the regex runs. Built-in patterns carry needles so benign text (the
 * common case) costs a few {@code indexOf}s instead of a backtracking scan; operator patterns have
 * none and always run.
 */
record PatternRule(String name, Pattern pattern, List<String[]> needleGroups) {
  static PatternRule custom(String name, Pattern pattern) {
    return new PatternRule(name, pattern, List.of());
  }

  boolean find(String text) {
    for (String[] group : needleGroups) {
      if (!containsAny(text, group)) {
        return false;
      }
    }
    return pattern.matcher(text).find();
  }

  static boolean containsAny(String text, String[] needles) {
    for (String n : needles) {
      if (text.contains(n)) {
        return true;
      }
    }
    return false;
  }
}
