package io.chio.kernel.guards.agent;

import java.text.Normalizer;
import java.util.Locale;

/** String folding shared by this package's matchers. */
final class Text {
  private Text() {}

  /**
   * NFKC with invisible format characters removed (zero-width space/joiners, BOM, bidi marks), so
   * full-width letters and {@code ig\u200Bnore} match like their plain forms. Case is kept.
   */
  static String nfkc(String s) {
    if (isAscii(s)) {
      return s;
    }
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder b = null;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (Character.getType(c) == Character.FORMAT) {
        if (b == null) {
          b = new StringBuilder(n.length()).append(n, 0, i);
        }
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? n : b.toString();
  }

  /**
   * {@link #nfkc}, lower case (locale-independent), and common Cyrillic/Greek look-alikes mapped to
   * the Latin letter they imitate (NFKC leaves {@code ignоre} with a Cyrillic o alone). For
   * matching only; never for names that select a resource (store names are compared as sent).
   */
  static String fold(String s) {
    String lower = nfkc(s).toLowerCase(Locale.ROOT);
    if (isAscii(lower)) {
      return lower;
    }
    char[] cs = lower.toCharArray();
    for (int i = 0; i < cs.length; i++) {
      cs[i] = latinLookAlike(cs[i]);
    }
    return new String(cs);
  }

  private static char latinLookAlike(char c) {
    return switch (c) {
      case '\u0430', '\u03b1' -> 'a'; // Cyrillic a, Greek alpha
      case '\u0441', '\u03f2' -> 'c';
      case '\u0501' -> 'd';
      case '\u0435', '\u03b5' -> 'e';
      case '\u04bb' -> 'h';
      case '\u0456', '\u03b9' -> 'i';
      case '\u0458' -> 'j';
      case '\u03ba' -> 'k';
      case '\u04cf' -> 'l';
      case '\u043e', '\u03bf' -> 'o';
      case '\u0440', '\u03c1' -> 'p';
      case '\u0455' -> 's';
      case '\u03c4' -> 't';
      case '\u03c5' -> 'u';
      case '\u03bd' -> 'v';
      case '\u0445', '\u03c7' -> 'x';
      case '\u0443' -> 'y';
      default -> c;
    };
  }

  /**
   * A verb or tool name folded to one spelling: lower case, trimmed, with {@code -}, {@code .},
   * spaces and {@code /} turned into {@code _} ({@code "Left-Click"} and {@code "left click"} are
   * {@code left_click}).
   */
  static String verb(String s) {
    String f = fold(s).strip();
    StringBuilder b = new StringBuilder(f.length());
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      b.append(c == '-' || c == '.' || c == ' ' || c == '/' || c == '\t' ? '_' : c);
    }
    return b.toString();
  }

  /** First 4 and last 4 characters of a secret; shorter values are fully hidden. */
  static String mask(String secret) {
    if (secret.length() < 12) {
      return "****";
    }
    return secret.substring(0, 4) + "****" + secret.substring(secret.length() - 4);
  }

  /** A short, single-line, quoted excerpt of agent text for reasons and evidence. */
  static String quote(String s) {
    String one = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    StringBuilder b = new StringBuilder(one.length() + 2).append('"');
    for (int i = 0; i < one.length(); i++) {
      char c = one.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.append('"').toString();
  }

  /** UTF-8 encoded length without encoding. */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
