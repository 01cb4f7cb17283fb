package io.chio.kernel.guards.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Evaluates a fixed list of {@link SignalFamily signal families} over a {@link ScanText}. The
 * trigger words of every probe go into one character trie, so a view is scanned in a single pass
 * whatever the number of words; a regex probe then runs only where its triggers start, and a
 * sequence probe is decided from word positions. Work is linear in the text (times small
 * constants bounded by the probes' distances). Immutable after construction and thread-safe.
 */
final class SignalMatcher {
  private final List<SignalFamily> families;
  /** Per family, per probe: the probe's word-group ids (one for a regex probe). */
  private final int[][][] familyGroups;
  private final SignalFamily.Probe[][] familyProbes;
  private final Trie trie = new Trie();
  private final int groupCount;

  SignalMatcher(List<SignalFamily> families) {
    this.families = List.copyOf(families);
    Map<SignalFamily.Words, Integer> ids = new IdentityHashMap<>();
    List<SignalFamily.Words> groups = new ArrayList<>();
    familyGroups = new int[families.size()][][];
    familyProbes = new SignalFamily.Probe[families.size()][];
    for (int f = 0; f < families.size(); f++) {
      List<SignalFamily.Probe> ps = families.get(f).probes();
      familyGroups[f] = new int[ps.size()][];
      familyProbes[f] = ps.toArray(new SignalFamily.Probe[0]);
      for (int k = 0; k < ps.size(); k++) {
        List<SignalFamily.Words> words = wordsOf(ps.get(k));
        familyGroups[f][k] = new int[words.size()];
        for (int g = 0; g < words.size(); g++) {
          SignalFamily.Words w = words.get(g);
          Integer id = ids.get(w);
          if (id == null) {
            id = groups.size();
            ids.put(w, id);
            groups.add(w);
            for (String word : w.words()) {
              trie.add(word, id);
            }
          }
          familyGroups[f][k][g] = id;
        }
      }
    }
    groupCount = groups.size();
    boolean[] wholeWord = new boolean[groupCount];
    for (int g = 0; g < groupCount; g++) {
      wholeWord[g] = groups.get(g).wholeWord();
    }
    trie.wholeWord = wholeWord;
  }

  private static List<SignalFamily.Words> wordsOf(SignalFamily.Probe p) {
    if (p instanceof SignalFamily.Regex r) {
      return List.of(r.triggers());
    }
    if (p instanceof SignalFamily.Sequence s) {
      return s.groups();
    }
    throw new IllegalStateException("unknown probe " + p);
  }

  /** Where each family (by index) fired. */
  SignalFamily.Hit[] evaluate(ScanText text) {
    SignalFamily.Hit[] result = new SignalFamily.Hit[families.size()];
    Arrays.fill(result, SignalFamily.Hit.NONE);
    int open = mark(text.primary, true, result, SignalFamily.Hit.PRIMARY);
    for (int a = 0; a < text.alternates.size() && open > 0; a++) {
      open = mark(text.alternates.get(a), false, result, SignalFamily.Hit.HIDDEN);
    }
    return result;
  }

  /** Marks families not yet fired that fire in {@code view}; returns how many are still open. */
  private int mark(String view, boolean wordStart, SignalFamily.Hit[] result, SignalFamily.Hit as) {
    View v = new View(view, trie.scan(view, wordStart, groupCount));
    int open = 0;
    for (int f = 0; f < familyProbes.length; f++) {
      if (result[f] != SignalFamily.Hit.NONE) {
        continue;
      }
      boolean fired = false;
      for (int k = 0; k < familyProbes[f].length && !fired; k++) {
        fired = v.fires(familyProbes[f][k], familyGroups[f][k]);
      }
      if (fired) {
        result[f] = as;
      } else {
        open++;
      }
    }
    return open;
  }

  /** One view with its trigger positions; lazily built helpers for line checks. */
  private static final class View {
    private final String text;
    /** Per group: {@code [count, p1, p2, ...]} ascending, or null. */
    private final int[][] positions;
    private int[] newlines;

    View(String text, int[][] positions) {
      this.text = text;
      this.positions = positions;
    }

    boolean fires(SignalFamily.Probe probe, int[] groups) {
      if (probe instanceof SignalFamily.Regex r) {
        int[] at = positions[groups[0]];
        if (at == null) {
          return false;
        }
        Matcher m = r.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (int k = 1; k <= at[0]; k++) {
          if (m.region(at[k], text.length()).lookingAt()) {
            return true;
          }
        }
        return false;
      }
      SignalFamily.Sequence s = (SignalFamily.Sequence) probe;
      for (int g : groups) {
        if (positions[g] == null) {
          return false;
        }
      }
      // reachable[k][i]: from the i-th position of group k the rest of the sequence can be completed
      byte[][] memo = new byte[groups.length][];
      int[] first = positions[groups[0]];
      for (int i = 1; i <= first[0]; i++) {
        if (completes(s, groups, 0, i, memo)) {
          return true;
        }
      }
      return false;
    }

    private boolean completes(SignalFamily.Sequence s, int[] groups, int k, int index, byte[][] memo) {
      if (k == groups.length - 1) {
        return true;
      }
      int[] here = positions[groups[k]];
      if (memo[k] == null) {
        memo[k] = new byte[here[0] + 1];
      }
      if (memo[k][index] != 0) {
        return memo[k][index] == 1;
      }
      int p = here[index];
      int limit = p + s.within()[k];
      int[] next = positions[groups[k + 1]];
      boolean ok = false;
      for (int j = firstAfter(next, p); j <= next[0] && next[j] <= limit && !ok; j++) {
        ok = sameLine(p, next[j]) && completes(s, groups, k + 1, j, memo);
      }
      memo[k][index] = (byte) (ok ? 1 : 2);
      return ok;
    }

    /** Index (1-based) of the first position greater than {@code p}. */
    private static int firstAfter(int[] list, int p) {
      int lo = 1;
      int hi = list[0] + 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (list[mid] <= p) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    private boolean sameLine(int from, int to) {
      if (newlines == null) {
        int count = 0;
        int[] nl = new int[16];
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
          if (count == nl.length) {
            nl = Arrays.copyOf(nl, count * 2);
          }
          nl[count++] = i;
        }
        newlines = Arrays.copyOf(nl, count);
      }
      int idx = Arrays.binarySearch(newlines, from);
      int next = idx >= 0 ? idx : -idx - 1; // first newline at or after from
      return next >= newlines.length || newlines[next] >= to;
    }
  }

  /** A trie over ASCII words with int-keyed transitions (no boxing on the scan path). */
  private static final class Trie {
    private final int[] root = new int[128];
    private int[] keys = new int[1024];
    private int[] vals = new int[1024];
    private int size;
    private int nodes = 1;
    private int[][] outputs = new int[64][];
    private boolean[] wholeWord;

    Trie() {
      Arrays.fill(keys, -1);
    }

    void add(String word, int group) {
      int node = 0;
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        if (c >= 128) {
          throw new IllegalArgumentException("trigger words must be ASCII: " + word);
        }
        int next = child(node, c);
        if (next == 0) {
          next = nodes++;
          if (node == 0) {
            root[c] = next;
          } else {
            put(node * 128 + c, next);
          }
        }
        node = next;
      }
      if (node >= outputs.length) {
        outputs = Arrays.copyOf(outputs, Math.max(node + 1, outputs.length * 2));
      }
      int[] out = outputs[node];
      outputs[node] = out == null ? new int[] {group} : append(out, group);
    }

    /**
     * Per group, the ascending start positions of its words ({@code [count, p1, ...]}, null when
     * none). With {@code wordStart}, a word beginning with a letter or digit must begin a word of
     * the text; a whole-word group's words must also end one.
     */
    int[][] scan(String text, boolean wordStart, int groupCount) {
      int[][] hits = new int[groupCount][];
      int n = text.length();
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c >= 128 || root[c] == 0) {
          continue;
        }
        if (wordStart && isWordChar(c) && i > 0 && isWordChar(text.charAt(i - 1))) {
          continue;
        }
        int node = root[c];
        int j = i + 1;
        while (node != 0) {
          int[] out = node < outputs.length ? outputs[node] : null;
          if (out != null) {
            boolean endsWord = j >= n || !isWordChar(text.charAt(j)) || !isWordChar(text.charAt(j - 1));
            for (int group : out) {
              if (!wholeWord[group] || endsWord) {
                hits[group] = add(hits[group], i);
              }
            }
          }
          if (j >= n) {
            break;
          }
          char d = text.charAt(j++);
          node = d == '\n' ? child(node, ' ') : d < 128 ? child(node, d) : 0; // "you\nare" is "you are"
        }
      }
      return hits;
    }

    private int child(int node, char c) {
      if (node == 0) {
        return root[c];
      }
      int key = node * 128 + c;
      int mask = keys.length - 1;
      for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
        if (keys[slot] == key) {
          return vals[slot];
        }
        if (keys[slot] == -1) {
          return 0;
        }
      }
    }

    private void put(int key, int value) {
      if ((size + 1) * 2 > keys.length) {
        int[] oldKeys = keys;
        int[] oldVals = vals;
        keys = new int[oldKeys.length * 2];
        vals = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        size = 0;
        for (int s = 0; s < oldKeys.length; s++) {
          if (oldKeys[s] != -1) {
            put(oldKeys[s], oldVals[s]);
          }
        }
      }
      int mask = keys.length - 1;
      int slot = mix(key) & mask;
      while (keys[slot] != -1) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      vals[slot] = value;
      size++;
    }

    private static int mix(int key) {
      int h = key * 0x9E3779B9;
      return h ^ (h >>> 16);
    }

    private static int[] add(int[] list, int value) {
      if (list == null) {
        return new int[] {1, value, 0, 0};
      }
      int count = list[0];
      if (list[count] == value) {
        return list; // the same start reached through two words of one group
      }
      if (count + 1 >= list.length) {
        list = Arrays.copyOf(list, list.length * 2);
      }
      list[count + 1] = value;
      list[0] = count + 1;
      return list;
    }

    private static int[] append(int[] a, int v) {
      int[] b = Arrays.copyOf(a, a.length + 1);
      b[a.length] = v;
      return b;
    }

    private static boolean isWordChar(char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 128 && Character.isLetter(c));
    }
  }
}
