package io.chio.kernel.pii;

import java.util.regex.Pattern;

/**
 * A context rule for values that have no checksum of their own (passport numbers, licence
 * numbers, record numbers): the value is only looked for in the {@code window} characters after
 * one of the lower-case {@code keywords}. The value {@code pattern} is matched with {@code find}
 * inside that bounded region, group 1 being the value when present.
 */
record KeywordRule(PiiType type, String[] keywords, Pattern pattern, int window, Rule.Check check) {
  static KeywordRule of(PiiType type, String[] keywords, int window, String regex, Rule.Check check) {
    return new KeywordRule(type, keywords, Pattern.compile(regex), window, check);
  }
}
