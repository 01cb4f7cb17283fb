package io.chio.kernel.guards.net;

/**
 * IP literal parsing and formatting. IPv4 follows the WHATWG URL host parser (what browsers and
 * most HTTP clients accept): one to four parts, each decimal, {@code 0x} hex or leading-zero
 * octal, the last part filling the remaining bytes, so {@code 2130706433}, {@code 0x7f000001},
 * {@code 0177.0.0.1} and {@code 127.1} are all 127.0.0.1. IPv6 is RFC 4291 text with an optional
 * trailing dotted quad; zone identifiers are rejected.
 */
final class IpLiterals {
  private IpLiterals() {}

  /**
   * True when the WHATWG parser would treat {@code host} as an IPv4 address (its last label is a
   * number), so a failure to parse it must be an error, not a fallback to a DNS name.
   */
  static boolean endsInNumber(String host) {
    int end = host.length();
    int start = host.lastIndexOf('.', end - 1) + 1;
    if (start == end) {
      return false;
    }
    boolean allDigits = true;
    for (int i = start; i < end; i++) {
      char c = host.charAt(i);
      if (c < '0' || c > '9') {
        allDigits = false;
        break;
      }
    }
    if (allDigits) {
      return true;
    }
    return parsePart(host, start, end, false) >= 0;
  }

  /**
   * The address (4 bytes) of an IPv4 literal in any WHATWG form, or null when it is not one.
   *
   * @param decimalOnly read leading-zero parts as decimal instead of octal (the other reading of
   *     {@code 010.0.0.1} that some resolvers use); hex parts are still hex
   */
  static byte[] parseIpv4(String host, boolean decimalOnly) {
    long[] parts = new long[4];
    int n = 0;
    int start = 0;
    int len = host.length();
    while (true) {
      int dot = host.indexOf('.', start);
      int end = dot < 0 ? len : dot;
      if (n == 4) {
        return null;
      }
      long v = parsePart(host, start, end, decimalOnly);
      if (v < 0) {
        return null;
      }
      parts[n++] = v;
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    for (int i = 0; i < n - 1; i++) {
      if (parts[i] > 255) {
        return null;
      }
    }
    long last = parts[n - 1];
    if (last >= (1L << (8 * (5 - n)))) {
      return null;
    }
    long value = last;
    for (int i = 0; i < n - 1; i++) {
      value += parts[i] << (8 * (3 - i));
    }
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }

  /** True when some part has a leading zero, so octal and decimal readings may differ. */
  static boolean hasLeadingZeroPart(String host) {
    int start = 0;
    while (start < host.length()) {
      int dot = host.indexOf('.', start);
      int end = dot < 0 ? host.length() : dot;
      if (end - start > 1 && host.charAt(start) == '0' && host.charAt(start + 1) != 'x' && host.charAt(start + 1) != 'X') {
        return true;
      }
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    return false;
  }

  // Returns the part's value, or -1 when invalid. Values are capped just above 2^32 so an
  // absurdly long digit string cannot overflow into a valid-looking number.
  private static long parsePart(String s, int start, int end, boolean decimalOnly) {
    if (start >= end) {
      return -1;
    }
    int radix = 10;
    int i = start;
    if (end - start >= 2 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
      radix = 16;
      i += 2;
    } else if (end - start >= 2 && s.charAt(i) == '0' && !decimalOnly) {
      radix = 8;
      i += 1;
    }
    long v = 0;
    for (; i < end; i++) {
      int d = asciiDigit(s.charAt(i), radix);
      if (d < 0) {
        return -1;
      }
      v = v * radix + d;
      if (v > 0x1_0000_0000L) {
        v = 0x1_0000_0001L;
      }
    }
    return v;
  }

  /** The 16 bytes of an IPv6 literal (no brackets), or null when it is not one. */
  static byte[] parseIpv6(String s) {
    int len = s.length();
    if (len < 2 || len > 45) {
      return null;
    }
    int[] groups = new int[8];
    int n = 0;
    int compressAt = -1;
    int i = 0;
    if (s.startsWith("::")) {
      compressAt = 0;
      i = 2;
      if (i == len) {
        return new byte[16];
      }
    } else if (s.charAt(0) == ':') {
      return null;
    }
    while (i < len) {
      if (n == 8) {
        return null;
      }
      int start = i;
      int v = 0;
      while (i < len && i - start < 5) {
        int d = asciiDigit(s.charAt(i), 16);
        if (d < 0) {
          break;
        }
        v = v * 16 + d;
        i++;
      }
      if (i < len && s.charAt(i) == '.') {
        // Trailing dotted quad: strict decimal, no leading zeros, exactly four parts.
        if (n > 6) {
          return null;
        }
        byte[] v4 = parseStrictDottedQuad(s, start, len);
        if (v4 == null) {
          return null;
        }
        groups[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = len;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4) {
        return null;
      }
      groups[n++] = v;
      if (i == len) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < len && s.charAt(i) == ':') {
        if (compressAt >= 0) {
          return null;
        }
        compressAt = n;
        i++;
        if (i == len) {
          break;
        }
      } else if (i == len) {
        return null;
      }
    }
    if (compressAt < 0 && n != 8) {
      return null;
    }
    if (compressAt >= 0 && n > 7) {
      return null;
    }
    int[] full = new int[8];
    if (compressAt < 0) {
      full = groups;
    } else {
      int tail = n - compressAt;
      System.arraycopy(groups, 0, full, 0, compressAt);
      System.arraycopy(groups, compressAt, full, 8 - tail, tail);
    }
    byte[] out = new byte[16];
    for (int g = 0; g < 8; g++) {
      out[2 * g] = (byte) (full[g] >>> 8);
      out[2 * g + 1] = (byte) full[g];
    }
    return out;
  }

  private static byte[] parseStrictDottedQuad(String s, int start, int end) {
    byte[] out = new byte[4];
    int part = 0;
    int i = start;
    while (part < 4) {
      int ps = i;
      int v = 0;
      while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - ps < 3) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - ps;
      if (digits == 0 || v > 255 || (digits > 1 && s.charAt(ps) == '0')) {
        return null;
      }
      out[part++] = (byte) v;
      if (part < 4) {
        if (i >= end || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == end ? out : null;
  }

  /** The value of an ASCII digit in {@code radix} (8, 10 or 16), or -1; never a non-ASCII digit. */
  static int asciiDigit(char c, int radix) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return -1;
    }
    return d < radix ? d : -1;
  }

  static String formatIpv4(byte[] a) {
    return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
  }

  /** RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
  static String formatIpv6(byte[] a) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestStart = -1;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
