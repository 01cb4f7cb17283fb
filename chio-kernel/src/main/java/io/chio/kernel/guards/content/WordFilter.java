package io.chio.kernel.guards.content;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-word matching of a word/phrase list against text that tries to disguise it. Both the list
 * and the text are canonicalised ({@link TextNormalizer#fold}: compatibility forms, look-alike
 * letters, case), and the text is also read with leetspeak undone ({@code sh1t}), spelled-out
 * letters joined ({@code s h i t}) and elongations collapsed ({@code shiiiit}). Matching is by
 * whole words, so {@code Scunthorpe} and {@code assessment} are not hits. An entry ending in
 * {@code *} also matches words it prefixes ({@code fuck*} matches {@code fucking}).
 */
final class WordFilter {
  private record Entry(String source, String[] words, boolean prefix) {}

  /** Entries by their first word, and by that word with elongations collapsed (for stretched tokens). */
  private final Map<String, List<Entry>> byFirstWord = new HashMap<>();
  private final Map<String, List<Entry>> byCollapsedFirstWord = new HashMap<>();
  /** Single-word prefix entries ({@code fuck*}) by their first character; index 128 holds non-ASCII starts. */
  private final List<List<Entry>> prefixByFirstChar = new ArrayList<>();
  private boolean empty = true;

  WordFilter(List<String> entries) {
    for (int i = 0; i <= 128; i++) {
      prefixByFirstChar.add(new ArrayList<>());
    }
    for (String raw : entries) {
      String e = raw.strip();
      boolean prefix = e.endsWith("*");
      if (prefix) {
        e = e.substring(0, e.length() - 1);
      }
      String[] words = words(TextNormalizer.fold(e));
      if (words.length == 0) {
        continue;
      }
      empty = false;
      Entry entry = new Entry(raw.strip(), words, prefix);
      if (prefix && words.length == 1) {
        prefixByFirstChar.get(Math.min(words[0].charAt(0), 128)).add(entry);
      } else {
        byFirstWord.computeIfAbsent(words[0], k -> new ArrayList<>()).add(entry);
        byCollapsedFirstWord.computeIfAbsent(collapse(words[0]), k -> new ArrayList<>()).add(entry);
      }
    }
  }

  boolean isEmpty() {
    return empty;
  }

  /** The list entry found in {@code text} (as configured), or null. */
  String find(String text) {
    if (isEmpty() || text.isEmpty()) {
      return null;
    }
    String folded = TextNormalizer.fold(text);
    String hit = findIn(words(folded));
    if (hit != null) {
      return hit;
    }
    String unleet = TextNormalizer.unleet(folded);
    if (!unleet.equals(folded)) {
      hit = findIn(words(unleet));
      if (hit != null) {
        return hit;
      }
    }
    String despaced = TextNormalizer.despace(unleet);
    return despaced.equals(unleet) ? null : findIn(words(despaced));
  }

  private String findIn(String[] tokens) {
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      boolean stretched = elongated(t);
      List<Entry> candidates = stretched ? byCollapsedFirstWord.get(collapse(t)) : byFirstWord.get(t);
      if (candidates != null) {
        for (Entry e : candidates) {
          if (matchesAt(tokens, i, e)) {
            return e.source();
          }
        }
      }
      for (Entry e : prefixByFirstChar.get(Math.min(t.charAt(0), 128))) {
        String w = e.words()[0];
        if (t.startsWith(w) || (stretched && collapse(t).startsWith(collapse(w)))) {
          return e.source();
        }
      }
    }
    return null;
  }

  private static boolean matchesAt(String[] tokens, int i, Entry e) {
    String[] w = e.words();
    if (i + w.length > tokens.length) {
      return false;
    }
    for (int k = 0; k < w.length; k++) {
      String tok = tokens[i + k];
      boolean last = k == w.length - 1;
      boolean ok = last && e.prefix() ? tok.startsWith(w[k]) : tok.equals(w[k]);
      if (!ok && elongated(tok)) {
        String c = collapse(tok);
        ok = last && e.prefix() ? c.startsWith(collapse(w[k])) : c.equals(collapse(w[k]));
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A letter repeated three or more times in a row signals deliberate stretching ({@code shiiit}). */
  private static boolean elongated(String t) {
    for (int i = 2; i < t.length(); i++) {
      if (t.charAt(i) == t.charAt(i - 1) && t.charAt(i) == t.charAt(i - 2)) {
        return true;
      }
    }
    return false;
  }

  private static String collapse(String t) {
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      if (i == 0 || t.charAt(i) != t.charAt(i - 1)) {
        b.append(t.charAt(i));
      }
    }
    return b.toString();
  }

  /** Splits canonical text into words of letters and digits. */
  private static String[] words(String folded) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= folded.length(); i++) {
      boolean wordChar = i < folded.length() && Character.isLetterOrDigit(folded.charAt(i));
      if (wordChar && start < 0) {
        start = i;
      } else if (!wordChar && start >= 0) {
        out.add(folded.substring(start, i));
        start = -1;
      }
    }
    return out.toArray(new String[0]);
  }
}
