package io.chio.kernel.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value-anchored rule: {@code pattern} is tried (anchored, {@code lookingAt}) only at token
 * starts whose first character is in {@code starts}; {@link Check} validates the match and
 * returns the finding (possibly with a trimmed span) or null. Patterns use bounded quantifiers
 * only, so each attempt costs at most a constant number of steps.
 */
record Rule(PiiType type, Pattern pattern, String starts, Shape shape, Check check) {
  @FunctionalInterface
  interface Check {
    PiiMatch accept(Matcher m, ScanContext ctx);
  }

  /**
   * A literal prefilter run before the regex: {@code run} is the number of ASCII digits at
   * {@code i}. Most tokens fail here ("a 3-digit group followed by a dash") without touching
   * the regex engine.
   */
  @FunctionalInterface
  interface Shape {
    boolean plausible(String s, int i, int run);
  }

  static Rule of(PiiType type, String starts, Shape shape, String regex, Check check) {
    return new Rule(type, Pattern.compile(regex), starts, shape, check);
  }

  static boolean charIs(String s, int i, String chars) {
    return i < s.length() && chars.indexOf(s.charAt(i)) >= 0;
  }

  static boolean digitAt(String s, int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  static boolean upperAt(String s, int i) {
    return i < s.length() && s.charAt(i) >= 'A' && s.charAt(i) <= 'Z';
  }

  /** A digit group of {@code group} followed by one of {@code seps}, or one bare run of {@code bare} digits. */
  static Shape grouped(int group, String seps, int bare) {
    return (s, i, run) -> (run == group && charIs(s, i + run, seps)) || run == bare;
  }

  static PiiMatch match(PiiType type, int start, int end, double confidence, String validator) {
    return new PiiMatch(type, type.label(), start, end, confidence, validator);
  }
}
