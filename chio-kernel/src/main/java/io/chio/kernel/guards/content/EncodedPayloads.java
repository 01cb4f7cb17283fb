package io.chio.kernel.guards.content;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Finds text hidden in encodings — base64 (standard or URL-safe), hex, {@code %XX} and {@code
 * \\uXXXX}/{@code \\xXX} escapes — and returns the decodings that are readable text, so the
 * detectors can look inside them. Runs are found by a single linear scan (no regex), and a
 * candidate is only decoded in full when its first block is mostly printable, so long binary
 * blobs (images, hashes) cost one quick check.
 */
final class EncodedPayloads {
  private static final int MIN_BASE64 = 16;
  private static final int MIN_HEX = 24;
  private static final int MIN_ESCAPES = 6;
  private static final int PROBE = 96;

  private EncodedPayloads() {}

  static List<String> decode(String raw) {
    List<String> out = new ArrayList<>(0);
    int n = raw.length();
    int i = 0;
    while (i < n) {
      char c = raw.charAt(i);
      if (c == '%' || c == '\\') {
        int end = escapeRun(raw, i, out);
        i = Math.max(end, i + 1);
        continue;
      }
      if (!isBase64Char(c) || (i > 0 && isBase64Char(raw.charAt(i - 1)))) {
        i++;
        continue;
      }
      int j = i;
      boolean urlSafe = false;
      boolean hexOnly = true;
      while (j < n && isBase64Char(raw.charAt(j))) {
        char d = raw.charAt(j);
        urlSafe |= d == '-' || d == '_';
        hexOnly &= isHex(d);
        j++;
      }
      int len = j - i;
      if (hexOnly && len >= MIN_HEX && len % 2 == 0) {
        String text = readable(hexDecode(raw, i, Math.min(j, i + PROBE)));
        if (text != null) {
          String full = readable(hexDecode(raw, i, j));
          if (full != null) {
            out.add(full);
          }
        }
      } else if (len >= MIN_BASE64) {
        String probe = base64(raw.substring(i, Math.min(j, i + PROBE)), urlSafe);
        if (probe != null && readable(probe.getBytes(StandardCharsets.ISO_8859_1)) != null) {
          String full = base64(raw.substring(i, j), urlSafe);
          String text = full == null ? null : readable(full.getBytes(StandardCharsets.ISO_8859_1));
          if (text != null) {
            out.add(text);
          }
        }
      }
      while (j < n && raw.charAt(j) == '=') {
        j++;
      }
      i = j;
    }
    return out;
  }

  /** Decodes a run of {@code %XX}, {@code \\uXXXX} or {@code \\xXX} escapes starting at {@code i}. */
  private static int escapeRun(String raw, int i, List<String> out) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder chars = new StringBuilder();
    int count = 0;
    int j = i;
    int n = raw.length();
    while (j < n) {
      char c = raw.charAt(j);
      if (c == '%' && j + 2 < n && isHex(raw.charAt(j + 1)) && isHex(raw.charAt(j + 2))) {
        bytes.write(Integer.parseInt(raw.substring(j + 1, j + 3), 16));
        j += 3;
      } else if (c == '\\' && j + 5 < n && raw.charAt(j + 1) == 'u' && allHex(raw, j + 2, j + 6)) {
        flush(bytes, chars);
        chars.append((char) Integer.parseInt(raw.substring(j + 2, j + 6), 16));
        j += 6;
      } else if (c == '\\' && j + 3 < n && raw.charAt(j + 1) == 'x' && allHex(raw, j + 2, j + 4)) {
        bytes.write(Integer.parseInt(raw.substring(j + 2, j + 4), 16));
        j += 4;
      } else if (count > 0 && (c == ' ' || isAsciiAlnum(c))) {
        // Plain characters may sit between escapes ("%69gnore"); keep them.
        flush(bytes, chars);
        chars.append(c);
        j++;
        continue;
      } else {
        break;
      }
      count++;
    }
    if (count >= MIN_ESCAPES) {
      flush(bytes, chars);
      String text = readable(chars.toString().getBytes(StandardCharsets.UTF_8));
      if (text != null) {
        out.add(text);
      }
    }
    return j;
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder chars) {
    if (bytes.size() > 0) {
      chars.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  /** Decodes without requiring padding (a dangling single character is dropped); returns bytes as ISO-8859-1 chars, or null. */
  private static String base64(String run, boolean urlSafe) {
    String body = run.length() % 4 == 1 ? run.substring(0, run.length() - 1) : run;
    if (body.length() < 12) {
      return null;
    }
    try {
      // Java's decoders accept unpadded input; the probe of a longer run may end mid-group, which is fine.
      byte[] b = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(body);
      return new String(b, StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] hexDecode(String raw, int from, int to) {
    int len = (to - from) / 2;
    byte[] b = new byte[len];
    for (int k = 0; k < len; k++) {
      b[k] = (byte) Integer.parseInt(raw.substring(from + 2 * k, from + 2 * k + 2), 16);
    }
    return b;
  }

  /** The bytes as text when at least 90% are printable ASCII or UTF-8 letters; null otherwise. */
  private static String readable(byte[] bytes) {
    if (bytes.length < 8) {
      return null;
    }
    String s = new String(bytes, StandardCharsets.UTF_8);
    int printable = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t' || (c > 0xA0 && c != 0xFFFD && Character.isLetter(c))) {
        printable++;
      }
    }
    return printable * 10 >= s.length() * 9 ? s : null;
  }

  private static boolean isBase64Char(char c) {
    return isAsciiAlnum(c) || c == '+' || c == '/' || c == '-' || c == '_';
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean allHex(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!isHex(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }
}
