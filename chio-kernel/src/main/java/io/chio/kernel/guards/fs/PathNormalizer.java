package io.chio.kernel.guards.fs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lexical path normalisation for policy matching. Never touches the file system. The output is
 * what a matcher compares against globs: forward slashes, no empty / {@code .} segments, {@code ..}
 * folded, NFKC-normalised (full-width {@code ．ｓｓｈ} becomes {@code .ssh}), Windows trailing dots
 * and spaces and {@code ::$DATA} stream suffixes removed. A path can have several readings (e.g.
 * with and without surrounding whitespace or percent-decoding); {@link #variants} returns all of them so a matcher can deny
 * when any reading is forbidden.
 */
final class PathNormalizer {
  private static final int MAX_DECODE_ROUNDS = 3;

  private PathNormalizer() {}

  static boolean isAbsolute(String normalized) {
    return normalized.startsWith("/") || hasDrive(normalized);
  }

  private static boolean hasDrive(String p) {
    return p.length() >= 2 && p.charAt(1) == ':' && Character.isLetter(p.charAt(0)) && (p.length() == 2 || p.charAt(2) == '/');
  }

  /** Every lexical reading of {@code raw}: as written, trimmed, percent-decoded, and cut at a NUL. */
  static List<String> variants(String raw) {
    List<String> out = new ArrayList<>(2);
    out.add(normalize(raw));
    String trimmed = raw.strip();
    if (trimmed.length() != raw.length()) {
      addDistinct(out, normalize(trimmed)); // tools often strip " /etc/shadow"
    }
    if (raw.indexOf('%') >= 0) {
      String decoded = raw;
      for (int i = 0; i < MAX_DECODE_ROUNDS; i++) {
        String next = percentDecode(decoded);
        if (next.equals(decoded)) {
          break;
        }
        decoded = next;
      }
      addDistinct(out, normalize(decoded));
      int nul = decoded.indexOf('\0');
      if (nul >= 0) {
        addDistinct(out, normalize(decoded.substring(0, nul)));
      }
    }
    int nul = raw.indexOf('\0');
    if (nul >= 0) {
      addDistinct(out, normalize(raw.substring(0, nul)));
    }
    return out;
  }

  private static void addDistinct(List<String> out, String s) {
    if (!out.contains(s)) {
      out.add(s);
    }
  }

  /** The lexical normal form of one reading of a path (see class comment). */
  static String normalize(String raw) {
    String p = raw;
    if (p.regionMatches(true, 0, "file://", 0, 7)) {
      p = p.substring(7);
    }
    if (!isAscii(p) && !Normalizer.isNormalized(p, Normalizer.Form.NFKC)) {
      p = Normalizer.normalize(p, Normalizer.Form.NFKC);
    }
    p = p.replace('\\', '/');
    String lower = p.toLowerCase(Locale.ROOT);
    if (lower.endsWith(":$data")) {
      p = p.substring(0, p.length() - (lower.endsWith("::$data") ? 7 : 6));
    }

    String prefix;
    int start;
    if (p.startsWith("/")) {
      prefix = "/";
      start = 1;
    } else if (hasDrive(p)) {
      prefix = Character.toUpperCase(p.charAt(0)) + ":/";
      start = Math.min(3, p.length());
    } else {
      prefix = "";
      start = 0;
    }
    List<String> segs = new ArrayList<>();
    int leadingUp = 0;
    int i = start;
    while (i <= p.length()) {
      int j = p.indexOf('/', i);
      if (j < 0) {
        j = p.length();
      }
      String seg = windowsTrim(p.substring(i, j));
      if (seg.isEmpty() || seg.equals(".")) {
        // skip
      } else if (seg.equals("..")) {
        if (!segs.isEmpty()) {
          segs.remove(segs.size() - 1);
        } else if (prefix.isEmpty()) {
          leadingUp++;
        }
      } else {
        segs.add(seg);
      }
      i = j + 1;
    }
    StringBuilder b = new StringBuilder(p.length() + 1).append(prefix);
    for (int k = 0; k < leadingUp; k++) {
      b.append("../");
    }
    for (String s : segs) {
      b.append(s).append('/');
    }
    if (b.length() > prefix.length() && b.charAt(b.length() - 1) == '/') {
      b.setLength(b.length() - 1);
    }
    return b.length() == 0 ? "." : b.toString();
  }

  /**
   * For a relative path that climbs with leading {@code ..}, the absolute path it reaches when
   * enough {@code ..} take it to the root; null otherwise. Any start directory is at most a few
   * levels deep, so {@code ../../../../etc/passwd} is judged as {@code /etc/passwd}.
   */
  static String climbedToRoot(String normalized) {
    if (!normalized.startsWith("../") && !normalized.equals("..")) {
      return null;
    }
    int i = 0;
    while (normalized.startsWith("../", i)) {
      i += 3;
    }
    String rest = normalized.equals("..") ? "" : normalized.substring(i);
    return rest.equals("..") ? "/" : "/" + rest;
  }

  /** Joins a relative path to a base directory, then normalises. */
  static String join(String base, String relative) {
    return normalize(base + "/" + relative);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String windowsTrim(String seg) {
    int end = seg.length();
    while (end > 0 && (seg.charAt(end - 1) == '.' || seg.charAt(end - 1) == ' ')) {
      end--;
    }
    // "." and ".." (and odd all-dot names) keep their meaning; only trim names with real characters.
    return end == 0 ? seg : seg.substring(0, end);
  }

  /** Decodes %XX escapes as UTF-8; an escape that is not valid UTF-8 is kept as written. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        int runStart = i;
        bytes.reset();
        while (i + 2 < s.length() && s.charAt(i) == '%' && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
          bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
          i += 3;
        }
        try {
          out.append(StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray())));
        } catch (CharacterCodingException e) {
          out.append(s, runStart, i);
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
