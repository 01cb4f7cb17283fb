package io.chio.protect.route;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request's path and query, percent-decoded exactly once.
 *
 * <p>The route a request is evaluated against must be the resource the upstream serves. So a path
 * is refused when decoding it could mean something else to another component: an encoded slash or
 * backslash inside a segment ({@code %2F}, {@code %5C}), a dot segment in any spelling ({@code ..},
 * {@code %2e%2e}, {@code .%2E}), an empty segment ({@code //}, except a trailing slash, which is
 * significant), a {@code ;} (path parameters that some servers strip), control characters, invalid
 * escapes or invalid UTF-8. What is forwarded is the canonical re-encoding of the decoded segments,
 * so the upstream decodes exactly the segments chio matched.
 *
 * <p>The query is forwarded byte-for-byte except for {@code chio_capability} parameters, which are
 * removed. For the receipt's content hash the query is decoded (form encoding, {@code +} is a space)
 * into a name-to-value map; repeated names join their values with {@code ,} in order.
 */
public final class RequestTarget {
  /** Query parameter that may carry a capability; stripped before forwarding. */
  public static final String CAPABILITY_PARAM = "chio_capability";

  private final List<String> segments;
  private final String path;
  private final String canonicalPath;
  private final String forwardQuery;
  private final Map<String, String> query;
  private final List<String> capabilityParams;

  private RequestTarget(
      List<String> segments, String path, String canonicalPath, String forwardQuery, Map<String, String> query,
      List<String> capabilityParams) {
    this.segments = segments;
    this.path = path;
    this.canonicalPath = canonicalPath;
    this.forwardQuery = forwardQuery;
    this.query = query;
    this.capabilityParams = capabilityParams;
  }

  /**
   * @param rawPath the request path as received (still percent-encoded), starting with {@code /}
   * @param rawQuery the query as received (without {@code ?}), or null
   */
  public static RequestTarget parse(String rawPath, String rawQuery) throws MalformedRequestException {
    Objects.requireNonNull(rawPath, "rawPath");
    if (!rawPath.startsWith("/")) {
      throw new MalformedRequestException("request path must start with '/'");
    }
    String[] raw = rawPath.substring(1).split("/", -1);
    List<String> segments = new ArrayList<>(raw.length);
    StringBuilder decoded = new StringBuilder(rawPath.length());
    StringBuilder canonical = new StringBuilder(rawPath.length());
    for (int i = 0; i < raw.length; i++) {
      String s = decode(raw[i], false, "path");
      if (s.isEmpty() && i < raw.length - 1) {
        throw new MalformedRequestException("empty path segment ('//') is ambiguous");
      }
      if (s.equals(".") || s.equals("..")) {
        throw new MalformedRequestException("dot segment '" + s + "' in the path is not allowed");
      }
      for (int k = 0; k < s.length(); k++) {
        char c = s.charAt(k);
        if (c == '/' || c == '\\') {
          throw new MalformedRequestException("encoded '" + c + "' inside a path segment is ambiguous");
        }
        if (c == ';') {
          throw new MalformedRequestException("';' (path parameters) in the path is not allowed");
        }
        if (c < 0x20 || c == 0x7f) {
          throw new MalformedRequestException("control character in the path");
        }
      }
      segments.add(s);
      decoded.append('/').append(s);
      canonical.append('/');
      encodeSegment(s, canonical);
    }
    Map<String, String> query = new TreeMap<>();
    List<String> capability = new ArrayList<>(0);
    String forward = null;
    if (rawQuery != null && !rawQuery.isEmpty()) {
      StringBuilder fwd = new StringBuilder(rawQuery.length());
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "query");
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, "query");
        if (name.equals(CAPABILITY_PARAM)) {
          capability.add(value);
          continue;
        }
        query.merge(name, value, (a, b) -> a + "," + b);
        if (fwd.length() > 0) {
          fwd.append('&');
        }
        fwd.append(pair);
      }
      forward = fwd.length() == 0 ? null : fwd.toString();
    }
    return new RequestTarget(
        List.copyOf(segments), decoded.toString(), canonical.toString(), forward, Collections.unmodifiableMap(query),
        List.copyOf(capability));
  }

  /** Decoded path segments; {@code /} is {@code [""]} and {@code /pets/} is {@code ["pets", ""]}. */
  public List<String> segments() {
    return segments;
  }

  /** The decoded path, as recorded in the receipt's content hash. */
  public String path() {
    return path;
  }

  /** The path as forwarded: each decoded segment re-encoded canonically. */
  public String canonicalPath() {
    return canonicalPath;
  }

  /** The raw query minus {@code chio_capability}, or null when nothing is left. */
  public String forwardQuery() {
    return forwardQuery;
  }

  /** Decoded query parameters (without {@code chio_capability}), sorted by name. */
  public Map<String, String> query() {
    return query;
  }

  /** Every decoded {@code chio_capability} value, in order. */
  public List<String> capabilityParams() {
    return capabilityParams;
  }

  private static String decode(String s, boolean plusIsSpace, String where) throws MalformedRequestException {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) > 0x7e || s.charAt(i) < 0x21) {
          throw new MalformedRequestException("unencoded character 0x" + Integer.toHexString(s.charAt(i)) + " in the " + where);
        }
      }
      return s;
    }
    ByteBuffer bytes = ByteBuffer.allocate(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new MalformedRequestException("truncated percent-escape in the " + where);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedRequestException("invalid percent-escape '" + s.substring(i, i + 3) + "' in the " + where);
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c > 0x7e || c < 0x21) {
        throw new MalformedRequestException("unencoded character 0x" + Integer.toHexString(c) + " in the " + where);
      } else {
        bytes.put((byte) (plusIsSpace && c == '+' ? ' ' : c));
      }
    }
    bytes.flip();
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = utf8.decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new MalformedRequestException("percent-escapes in the " + where + " are not valid UTF-8");
    }
  }

  private static final String HEX = "0123456789ABCDEF";

  /** RFC 3986 pchar minus ';': unreserved, sub-delims except ';', ':' and '@' stay literal. */
  private static void encodeSegment(String s, StringBuilder out) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,=:@".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
  }
}
