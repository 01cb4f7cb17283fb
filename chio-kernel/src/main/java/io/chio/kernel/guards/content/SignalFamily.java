package io.chio.kernel.guards.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One named detector signal: fires (once, contributing {@code weight}) when any of its probes
 * matches canonical text.
 *
 * <p>Probes are built from literal trigger words, which {@link SignalMatcher} finds in one pass
 * over the text: a {@link Regex} probe runs its regex only where one of its triggers starts; a
 * {@link Sequence} probe needs words from each of its groups in order, each within a few
 * characters of the previous one on the same line ("send ... secrets", "how to ... make ...
 * bomb"), and is decided from trigger positions alone, so it costs no regex at all. Neither kind
 * can backtrack across the text.
 *
 * <p>In canonical text a trigger that starts with a letter must also start a word ({@code act}
 * does not fire inside {@code contact}); in de-obfuscated views that check is skipped, since
 * joining spelled-out letters glues words together.
 */
record SignalFamily(String name, int weight, List<Probe> probes) {
  /** Where a family fired: not at all, in the canonical text, or only in a de-obfuscated view. */
  enum Hit {
    NONE,
    PRIMARY,
    HIDDEN
  }

  sealed interface Probe permits Regex, Sequence {}

  /** Words a probe looks for; {@code wholeWord} also requires a word boundary after the word. */
  record Words(List<String> words, boolean wholeWord) {}

  /** A regex that must match starting at one of the trigger words. */
  record Regex(Words triggers, Pattern pattern) implements Probe {}

  /** Groups of words in order: group {@code k+1} must start within {@code within[k]} characters of group {@code k}. */
  record Sequence(List<Words> groups, int[] within) implements Probe {}

  /**
   * A regex probe for lower-cased, whitespace-collapsed text. {@code rest} is the regex that follows
   * the trigger; a single space in it means "optional whitespace" so glued or re-spaced words still
   * match (so {@code rest} must never put a literal space inside a character class).
   */
  static Probe probe(List<String> triggers, String rest) {
    return regex("", triggers, rest);
  }

  /** A regex probe whose trigger must begin a line. */
  static Probe lineStart(List<String> triggers, String rest) {
    return regex("(?<![^\\n])", triggers, rest);
  }

  /** A word from {@code first}, then within {@code within} characters a whole word from {@code second}. */
  static Probe near(List<String> first, int within, List<String> second) {
    return new Sequence(List.of(words(first, false), words(second, true)), new int[] {within});
  }

  /** Three groups in order, each within the given distance of the previous one; the last must be a whole word. */
  static Probe near(List<String> first, int within1, List<String> second, int within2, List<String> third) {
    return new Sequence(List.of(words(first, false), words(second, false), words(third, true)), new int[] {within1, within2});
  }

  static SignalFamily of(String name, int weight, Probe... probes) {
    return new SignalFamily(name, weight, List.of(probes));
  }

  /** The same probes under another name and weight (for signals both detectors use). */
  SignalFamily as(String newName, int newWeight) {
    return new SignalFamily(newName, newWeight, probes);
  }

  /** Multi-word entries also match glued ({@code you are} and {@code youare}). */
  private static Words words(List<String> words, boolean wholeWord) {
    List<String> all = new ArrayList<>();
    for (String w : words) {
      for (String form : w.contains(" ") ? List.of(w, w.replace(" ", "")) : List.of(w)) {
        if (!all.contains(form)) {
          all.add(form);
        }
      }
    }
    return new Words(List.copyOf(all), wholeWord);
  }

  private static Probe regex(String zeroWidthPrefix, List<String> triggers, String rest) {
    Words w = words(triggers, false);
    StringBuilder alternation = new StringBuilder("(?:");
    for (int i = 0; i < w.words().size(); i++) {
      alternation.append(i > 0 ? "|" : "").append(Pattern.quote(w.words().get(i)).replace(" ", "\\E\\s?\\Q"));
    }
    alternation.append(')');
    return new Regex(w, Pattern.compile(zeroWidthPrefix + alternation + rest.replace(" ", "\\s?")));
  }
}
