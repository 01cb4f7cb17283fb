package io.chio.kernel.guards.net;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A network host in one canonical form, so that every spelling of the same target compares equal:
 * DNS names are percent-decoded, IDNA-mapped to ASCII (punycode; NFKC folds full-width letters,
 * digits and dots), lower-cased and stripped of one trailing dot; IP literals in any encoding
 * (decimal, hex, octal, short form, bracketed IPv6) become dotted-quad or RFC 5952 text.
 *
 * <p>Parsing is lexical: no DNS lookup ever happens here. Immutable.
 */
public final class Host {
  /** What the host names. */
  public enum Kind {
    DNS,
    IPV4,
    IPV6
  }

  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;

  private final Kind kind;
  private final String name;
  private final byte[] address;
  private final byte[] alternateAddress;

  private Host(Kind kind, String name, byte[] address, byte[] alternateAddress) {
    this.kind = kind;
    this.name = name;
    this.address = address;
    this.alternateAddress = alternateAddress;
  }

  /**
   * Parses a host as it appears in a URL authority (brackets around IPv6 optional, percent
   * encoding and Unicode allowed).
   *
   * @throws InvalidTargetException for an empty host, forbidden characters, bad percent encoding,
   *     an IDNA failure, empty labels, over-long names, or a numeric-looking host that is not a
   *     valid IPv4 address
   */
  public static Host parse(String raw) throws InvalidTargetException {
    if (raw == null || raw.isEmpty()) {
      throw new InvalidTargetException("empty host");
    }
    if (raw.charAt(0) == '[') {
      if (raw.length() < 3 || raw.charAt(raw.length() - 1) != ']') {
        throw new InvalidTargetException("unterminated IPv6 literal");
      }
      return ipv6(raw.substring(1, raw.length() - 1));
    }
    if (raw.indexOf(':') >= 0) {
      return ipv6(raw);
    }
    String s = raw;
    if (s.indexOf('%') >= 0) {
      s = percentDecode(s);
    }
    if (!isAscii(s)) {
      s = toAscii(s);
    }
    s = s.toLowerCase(Locale.ROOT);
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    validateName(s, raw);
    if (IpLiterals.endsInNumber(s)) {
      byte[] v4 = IpLiterals.parseIpv4(s, false);
      if (v4 == null) {
        throw new InvalidTargetException("malformed IPv4 address \"" + clip(raw) + "\"");
      }
      byte[] alt = null;
      if (IpLiterals.hasLeadingZeroPart(s)) {
        byte[] decimal = IpLiterals.parseIpv4(s, true);
        if (decimal != null && !Arrays.equals(decimal, v4)) {
          alt = decimal;
        }
      }
      return new Host(Kind.IPV4, IpLiterals.formatIpv4(v4), v4, alt);
    }
    return new Host(Kind.DNS, s, null, null);
  }

  /** A host for a raw 4- or 16-byte address. */
  public static Host ofAddress(byte[] address) {
    if (address.length == 4) {
      return new Host(Kind.IPV4, IpLiterals.formatIpv4(address), address.clone(), null);
    }
    if (address.length == 16) {
      return new Host(Kind.IPV6, IpLiterals.formatIpv6(address), address.clone(), null);
    }
    throw new IllegalArgumentException("an IP address has 4 or 16 bytes, got " + address.length);
  }

  private static Host ipv6(String inner) throws InvalidTargetException {
    if (inner.indexOf('%') >= 0) {
      throw new InvalidTargetException("IPv6 zone identifiers are not allowed");
    }
    byte[] a = IpLiterals.parseIpv6(inner);
    if (a == null) {
      throw new InvalidTargetException("malformed IPv6 address \"" + clip(inner) + "\"");
    }
    return new Host(Kind.IPV6, IpLiterals.formatIpv6(a), a, null);
  }

  private static void validateName(String s, String raw) throws InvalidTargetException {
    if (s.isEmpty()) {
      throw new InvalidTargetException("empty host");
    }
    if (s.length() > MAX_NAME) {
      throw new InvalidTargetException("host name longer than " + MAX_NAME + " characters");
    }
    int labelStart = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        int labelLen = i - labelStart;
        if (labelLen == 0) {
          throw new InvalidTargetException("empty label in host \"" + clip(raw) + "\"");
        }
        if (labelLen > MAX_LABEL) {
          throw new InvalidTargetException("host label longer than " + MAX_LABEL + " characters");
        }
        labelStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        throw new InvalidTargetException("invalid character " + describe(c) + " in host \"" + clip(raw) + "\"");
      }
    }
  }

  private static String percentDecode(String s) throws InvalidTargetException {
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new InvalidTargetException("truncated percent escape in host");
        }
        int hi = IpLiterals.asciiDigit(s.charAt(i + 1), 16);
        int lo = IpLiterals.asciiDigit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new InvalidTargetException("invalid percent escape in host");
        }
        out[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        // Mixed raw Unicode and escapes: re-encode the raw part so the whole decodes as UTF-8.
        byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          enc = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        if (n + enc.length > out.length) {
          out = Arrays.copyOf(out, out.length + enc.length + 8);
        }
        System.arraycopy(enc, 0, out, n, enc.length);
        n += enc.length;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidTargetException("percent-encoded host is not valid UTF-8");
    }
  }

  private static String toAscii(String s) throws InvalidTargetException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new InvalidTargetException("invalid character " + describe(c) + " in host");
      }
    }
    try {
      // Flags 0: unassigned code points are rejected (IDNA2003 nameprep, which includes NFKC).
      return IDN.toASCII(s, 0);
    } catch (IllegalArgumentException e) {
      throw new InvalidTargetException("host is not a valid internationalised domain name");
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static String describe(char c) {
    return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  public Kind kind() {
    return kind;
  }

  /** Canonical text: lower-case ASCII DNS name, dotted-quad IPv4 or RFC 5952 IPv6 (no brackets). */
  public String name() {
    return name;
  }

  public boolean isIp() {
    return kind != Kind.DNS;
  }

  /** The 4 or 16 address bytes of an IP literal (a copy), or null for a DNS name. */
  public byte[] address() {
    return address == null ? null : address.clone();
  }

  /**
   * For an IPv4 literal with zero-padded parts ({@code 010.0.0.1}), the decimal reading when it
   * differs from the octal one (10.0.0.1 vs 8.0.0.1); resolvers disagree, so SSRF checks must
   * consider both. Null otherwise.
   */
  public byte[] alternateAddress() {
    return alternateAddress == null ? null : alternateAddress.clone();
  }

  byte[] addressUnsafe() {
    return address;
  }

  byte[] alternateAddressUnsafe() {
    return alternateAddress;
  }

  /** The host as it goes in a URL: IPv6 bracketed. */
  public String urlForm() {
    return kind == Kind.IPV6 ? "[" + name + "]" : name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Host h && h.kind == kind && h.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
