package io.chio.kernel.guards.net;

/**
 * A compiled name glob: {@code *} matches any run of characters (dots included), {@code ?} one
 * character, everything else itself. Matching is linear-time backtracking over at most one star
 * at a time, so hostile names cannot make it blow up.
 */
final class Glob {
  private final String pattern;

  Glob(String pattern) {
    this.pattern = pattern;
  }

  static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
  }

  boolean matches(String s) {
    String p = pattern;
    int pi = 0;
    int si = 0;
    int starP = -1;
    int starS = 0;
    while (si < s.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || (p.charAt(pi) != '*' && p.charAt(pi) == s.charAt(si)))) {
        pi++;
        si++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        starP = pi++;
        starS = si;
      } else if (starP >= 0) {
        pi = starP + 1;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
