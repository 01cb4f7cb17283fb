package io.chio.kernel.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value-anchored rule: {@code pattern} is tried (anchored, {@code lookingAt}) only at token
 * starts whose first character is in {@code starts}; {@link Check} validates the match and
 * returns the finding (possibly with a trimmed span) or null. Patterns use bounded quantifiers
 * only, so each attempt costs at most a constant number of steps.
 */
record Rule(PiiType type, Pattern pattern, String starts, Check check) {
  @FunctionalInterface
  interface Check {
    PiiMatch accept(Matcher m, ScanContext ctx);
  }

  static Rule of(PiiType type, String starts, String regex, Check check) {
    return new Rule(type, Pattern.compile(regex), starts, check);
  }

  static PiiMatch match(PiiType type, int start, int end, double confidence, String validator) {
    return new PiiMatch(type, type.label(), start, end, confidence, validator);
  }
}
