package io.chio.kernel.guards.content;

import java.text.Normalizer;

/**
 * Canonical forms of untrusted text for the content detectors. {@link #fold} applies Unicode
 * compatibility normalisation (NFKC's mappings, via NFKD so accents can be dropped), removes
 * invisible characters (zero-width, bidi controls, tag characters, soft hyphens, variation
 * selectors), maps Cyrillic/Greek look-alikes to Latin, lower-cases, and collapses whitespace
 * (a run containing a newline becomes one newline, any other run one space).
 */
final class TextNormalizer {
  private TextNormalizer() {}

  /** Look-alike letters: Cyrillic and Greek code points that render like Latin ones. */
  private static final char[][] HOMOGLYPHS = {
    {'\u0430', 'a'}, {'\u0410', 'a'}, {'\u0432', 'b'}, {'\u0412', 'b'}, {'\u0435', 'e'}, {'\u0415', 'e'}, {'\u0451', 'e'},
    {'\u0401', 'e'}, {'\u043a', 'k'}, {'\u041a', 'k'}, {'\u043c', 'm'}, {'\u041c', 'm'}, {'\u043d', 'h'}, {'\u041d', 'h'},
    {'\u043e', 'o'}, {'\u041e', 'o'}, {'\u0440', 'p'}, {'\u0420', 'p'}, {'\u0441', 'c'}, {'\u0421', 'c'}, {'\u0442', 't'},
    {'\u0422', 't'}, {'\u0443', 'y'}, {'\u0423', 'y'}, {'\u0445', 'x'}, {'\u0425', 'x'}, {'\u0456', 'i'}, {'\u0406', 'i'},
    {'\u0457', 'i'}, {'\u0407', 'i'}, {'\u0458', 'j'}, {'\u0408', 'j'}, {'\u0455', 's'}, {'\u0405', 's'}, {'\u0501', 'd'},
    {'\u051b', 'q'}, {'\u051d', 'w'}, {'\u04bb', 'h'}, {'\u04cf', 'l'}, {'\u04af', 'y'}, {'\u04ae', 'y'}, {'\u0261', 'g'},
    {'\u0251', 'a'}, {'\u03b1', 'a'}, {'\u0391', 'a'}, {'\u0392', 'b'}, {'\u03b5', 'e'}, {'\u0395', 'e'}, {'\u0396', 'z'},
    {'\u0397', 'h'}, {'\u03b9', 'i'}, {'\u0399', 'i'}, {'\u03ba', 'k'}, {'\u039a', 'k'}, {'\u039c', 'm'}, {'\u03bd', 'v'},
    {'\u039d', 'n'}, {'\u03bf', 'o'}, {'\u039f', 'o'}, {'\u03c1', 'p'}, {'\u03a1', 'p'}, {'\u03c4', 't'}, {'\u03a4', 't'},
    {'\u03c5', 'u'}, {'\u03a5', 'y'}, {'\u03c7', 'x'}, {'\u03a7', 'x'}, {'\u03b3', 'y'}, {'\u0585', 'o'}, {'\u057d', 'u'},
  };
  private static final char[] FOLD = new char[0x0600];

  static {
    for (char[] pair : HOMOGLYPHS) {
      FOLD[pair[0]] = pair[1];
    }
  }

  /** Statistics about characters that hide text, gathered from the raw input. */
  record Hidden(int zeroWidth, int bidi, int tags, String tagText) {
    boolean any() {
      return zeroWidth > 0 || bidi > 0 || tags > 0;
    }
  }

  private static final Hidden NONE = new Hidden(0, 0, 0, "");

  static Hidden hidden(String raw) {
    if (isAscii(raw)) {
      return NONE;
    }
    int zeroWidth = 0;
    int bidi = 0;
    int tags = 0;
    StringBuilder tagText = null;
    int prev = -1;
    int flagTags = -1; // tag characters seen in the current flag sequence, -1 outside one
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      int len = Character.charCount(cp);
      if (cp >= 0xE0000 && cp <= 0xE007F) {
        // A black flag followed by a short tag sequence ending in CANCEL TAG is a subdivision flag
        // (England, Scotland, ...); any other tag character is text smuggled past the reader.
        if (prev == 0x1F3F4) {
          flagTags = 0;
        }
        boolean inFlag = flagTags >= 0 && flagTags < 7;
        if (inFlag) {
          flagTags = cp == 0xE007F ? -1 : flagTags + 1;
        } else {
          flagTags = -1;
          tags++;
          if (cp >= 0xE0020 && cp <= 0xE007E) {
            if (tagText == null) {
              tagText = new StringBuilder();
            }
            tagText.append((char) (cp - 0xE0000));
          }
        }
      } else if (cp == 0x200B || cp == 0x2060 || cp == 0x180E || (cp >= 0x2061 && cp <= 0x2064) || (cp == 0xFEFF && i > 0)) {
        zeroWidth++;
      } else if (cp == 0x200C || cp == 0x200D) {
        // Joiners are legitimate inside emoji and some scripts; between two ASCII letters they only hide words.
        int next = i + len < raw.length() ? raw.charAt(i + len) : -1;
        if (isAsciiLetter(prev) && isAsciiLetter(next)) {
          zeroWidth++;
        }
      } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
        bidi++;
      }
      if (cp < 0xE0000 || cp > 0xE007F) {
        flagTags = -1;
      }
      prev = cp;
      i += len;
    }
    return new Hidden(zeroWidth, bidi, tags, tagText == null ? "" : tagText.toString());
  }

  private static boolean isAsciiLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The canonical form described in the class comment. */
  static String fold(String raw) {
    if (isAscii(raw)) {
      return foldAscii(raw);
    }
    String s = Normalizer.normalize(raw, Normalizer.Form.NFKD);
    int n = s.length();
    StringBuilder b = new StringBuilder(n);
    boolean pendingSpace = false;
    boolean pendingNewline = false;
    for (int i = 0; i < n; ) {
      char ch = s.charAt(i);
      int cp;
      if (ch < 0x80) {
        cp = ch;
        i++;
      } else {
        cp = s.codePointAt(i);
        i += Character.charCount(cp);
        if (isInvisible(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
          continue;
        }
      }
      if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
        pendingNewline = true;
        continue;
      }
      if (cp == ' ' || cp == '\t' || (cp < 0x80 ? Character.isWhitespace(cp) : Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
        pendingSpace = true;
        continue;
      }
      if (b.length() > 0) {
        if (pendingNewline) {
          b.append('\n');
        } else if (pendingSpace) {
          b.append(' ');
        }
      }
      pendingSpace = false;
      pendingNewline = false;
      if (cp < 0x80) {
        b.append(cp >= 'A' && cp <= 'Z' ? (char) (cp + 32) : (char) cp);
      } else if (cp < FOLD.length && FOLD[cp] != 0) {
        b.append(FOLD[cp]);
      } else {
        b.append(new String(Character.toChars(cp)).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return b.toString();
  }

  /** {@link #fold} for ASCII input: only case and whitespace change. */
  private static String foldAscii(String s) {
    int n = s.length();
    char[] out = new char[n];
    int len = 0;
    boolean pendingSpace = false;
    boolean pendingNewline = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        pendingNewline = true;
      } else if (c == ' ' || c == '\t' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1F)) {
        pendingSpace = true;
      } else {
        if (len > 0 && (pendingNewline || pendingSpace)) {
          out[len++] = pendingNewline ? '\n' : ' ';
        }
        pendingSpace = false;
        pendingNewline = false;
        out[len++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      }
    }
    return new String(out, 0, len);
  }

  /**
   * NFKC with invisible characters removed and every decimal digit made ASCII, keeping case and
   * spacing: the form in which secrets and PII are looked for ({@code １２３-４５-６７８９} is an SSN,
   * {@code AKIA\u200B...} an AWS key). ASCII text is returned as is.
   */
  static String clean(String text) {
    if (isAscii(text)) {
      return text;
    }
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isInvisible(cp)) {
        continue;
      }
      if (cp > 0x7F && Character.isDigit(cp)) {
        b.append((char) ('0' + Character.digit(cp, 10)));
      } else {
        b.appendCodePoint(cp);
      }
    }
    return b.toString();
  }

  static boolean isInvisible(int cp) {
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x200E || cp == 0x200F || cp == 0x2060 || cp == 0xFEFF
        || cp == 0x00AD || cp == 0x180E || (cp >= 0x2061 && cp <= 0x2064) || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE007F)
        || cp == 0x034F;
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Leetspeak folded per word: only words that contain a letter are touched, so numbers and
   * prices stay as they are ({@code sh1t -> shit}, {@code 2024 -> 2024}). Returns the input
   * itself when nothing changed. Expects {@link #fold}ed text.
   */
  static String unleet(String folded) {
    StringBuilder b = null;
    int n = folded.length();
    int i = 0;
    while (i < n) {
      int start = i;
      while (i < n && folded.charAt(i) != ' ' && folded.charAt(i) != '\n') {
        i++;
      }
      boolean hasLetter = false;
      boolean hasLeet = false;
      for (int j = start; j < i; j++) {
        char c = folded.charAt(j);
        hasLetter |= c >= 'a' && c <= 'z';
        hasLeet |= leet(c) != 0;
      }
      if (hasLetter && hasLeet) {
        if (b == null) {
          b = new StringBuilder(folded.length());
          b.append(folded, 0, start);
        }
        for (int j = start; j < i; j++) {
          char c = folded.charAt(j);
          char m = leet(c);
          b.append(m != 0 ? m : c);
        }
      } else if (b != null) {
        b.append(folded, start, i);
      }
      if (i < n) {
        if (b != null) {
          b.append(folded.charAt(i));
        }
        i++;
      }
    }
    return b == null ? folded : b.toString();
  }

  private static char leet(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1', '!', '|' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7', '+' -> 't';
      default -> 0;
    };
  }

  /**
   * Letters spelled out with separators ({@code i g n o r e}, {@code i.g.n.o.r.e}) joined into
   * words: a run of at least four single characters separated by one of {@code space . - _ *}
   * becomes one word. Returns the input itself when there is no such run.
   */
  static String despace(String folded) {
    int n = folded.length();
    StringBuilder b = null;
    int copied = 0;
    int i = 0;
    while (i < n) {
      if (!isSingle(folded, i)) {
        i++;
        continue;
      }
      int j = i;
      int count = 1;
      while (j + 2 < n && isSpacer(folded.charAt(j + 1)) && isSingle(folded, j + 2)) {
        j += 2;
        count++;
      }
      if (count >= 4) {
        if (b == null) {
          b = new StringBuilder(n);
        }
        b.append(folded, copied, i);
        for (int k = i; k <= j; k += 2) {
          b.append(folded.charAt(k));
        }
        copied = j + 1;
      }
      i = j + 1;
    }
    if (b == null) {
      return folded;
    }
    b.append(folded, copied, n);
    return b.toString();
  }

  private static boolean isSingle(String s, int k) {
    return isWordChar(s.charAt(k)) && (k == 0 || !isWordChar(s.charAt(k - 1))) && (k + 1 == s.length() || !isWordChar(s.charAt(k + 1)));
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isSpacer(char c) {
    return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*';
  }
}
