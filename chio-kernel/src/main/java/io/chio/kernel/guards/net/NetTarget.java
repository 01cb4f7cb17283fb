package io.chio.kernel.guards.net;

import java.util.Locale;

/**
 * The network target of a URL: scheme, canonical {@link Host} and port. Path, query, fragment and
 * userinfo are dropped ({@link #toString()} is safe for receipts: no credentials).
 *
 * <p>Parsing is deliberately stricter than browsers: where parsers are known to disagree on which
 * host a URL names, the URL is rejected instead of guessed at. Rejected as ambiguous: control
 * characters anywhere; a backslash before the path ({@code https://a.com\@b.com/}); more than one
 * {@code @} in the authority; a special scheme ({@code http}, {@code https}, {@code ws}, {@code
 * wss}, {@code ftp}) not followed by exactly {@code //} ({@code http:/x}, {@code http:\\x}, {@code
 * http:///x}); unbracketed colons in the host. Accepted and normalised: userinfo ({@code
 * https://allowed.com@evil.com/} targets {@code evil.com}), upper case, percent-encoded and IDN
 * hosts, one trailing dot, every IPv4 encoding, explicit ports (default port filled in for known
 * schemes).
 *
 * <p>A string without a scheme ({@code api.example.com/v1}, {@code host:8080}, {@code //host/x})
 * is read as host[:port][/path] with scheme {@code ""}. Lexical only: no DNS. Immutable.
 */
public final class NetTarget {
  /** Longest URL parsed; anything longer is rejected rather than scanned. */
  public static final int MAX_URL_LENGTH = 16 * 1024;

  private final String scheme;
  private final Host host;
  private final int port;
  private final boolean userinfo;

  private NetTarget(String scheme, Host host, int port, boolean userinfo) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.userinfo = userinfo;
  }

  /**
   * The lower-cased scheme of {@code url} ({@code "javascript"} for {@code JavaScript:alert(1)}),
   * or {@code ""} when it has none. Leading whitespace and controls are skipped and embedded tabs
   * and newlines ignored, as browsers do, so {@code "java\nscript:"} reports {@code javascript}.
   */
  public static String schemeOf(String url) {
    if (url == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(8);
    int i = 0;
    int len = url.length();
    while (i < len && url.charAt(i) <= 0x20) {
      i++;
    }
    for (; i < len && sb.length() < 64; i++) {
      char c = url.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      if (c == ':') {
        if (sb.length() == 0 || looksLikePort(url, i + 1)) {
          return "";
        }
        return sb.toString().toLowerCase(Locale.ROOT);
      }
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (sb.length() > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
      if (!ok) {
        return "";
      }
      sb.append(c);
    }
    return "";
  }

  /**
   * Parses a URL or bare host[:port][/path].
   *
   * @throws InvalidTargetException when the URL has no host (relative references, {@code
   *     mailto:}, {@code data:}...), is ambiguous (see class doc) or malformed
   */
  public static NetTarget parse(String url) throws InvalidTargetException {
    if (url == null) {
      throw new InvalidTargetException("no URL");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidTargetException("URL longer than " + MAX_URL_LENGTH + " characters");
    }
    String s = url.strip();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidTargetException("URL contains control character " + Host.describe(c));
      }
    }
    if (s.isEmpty()) {
      throw new InvalidTargetException("empty URL");
    }
    String scheme = schemeOf(s);
    int rest = scheme.isEmpty() ? 0 : scheme.length() + 1;
    boolean authorityForm = s.startsWith("//", rest);
    if (!scheme.isEmpty() && !authorityForm) {
      if (isSpecial(scheme)) {
        throw new InvalidTargetException("ambiguous URL: expected \"//\" after \"" + scheme + ":\"");
      }
      throw new InvalidTargetException("URL has no host (scheme \"" + scheme + ":\")");
    }
    int authStart;
    if (authorityForm) {
      authStart = rest + 2;
      if (authStart < s.length() && (s.charAt(authStart) == '/' || s.charAt(authStart) == '\\')) {
        throw new InvalidTargetException("ambiguous URL: extra slash before the host");
      }
    } else {
      char first = s.charAt(0);
      if (first == '/' || first == '\\' || first == '?' || first == '#' || first == '.') {
        throw new InvalidTargetException("URL has no host (relative reference)");
      }
      authStart = 0;
    }
    int authEnd = authStart;
    while (authEnd < s.length()) {
      char c = s.charAt(authEnd);
      if (c == '/' || c == '?' || c == '#') {
        break;
      }
      if (c == '\\') {
        throw new InvalidTargetException("ambiguous URL: backslash before the path");
      }
      if (c == ' ') {
        throw new InvalidTargetException("URL authority contains a space");
      }
      authEnd++;
    }
    String authority = s.substring(authStart, authEnd);
    boolean hasUserinfo = false;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      if (authority.indexOf('@') != at) {
        throw new InvalidTargetException("ambiguous URL: more than one '@' in the authority");
      }
      hasUserinfo = true;
      authority = authority.substring(at + 1);
    }
    String hostText;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new InvalidTargetException("unterminated IPv6 literal");
      }
      hostText = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (after.charAt(0) != ':') {
          throw new InvalidTargetException("unexpected text after IPv6 literal");
        }
        portText = after.substring(1);
      }
    } else {
      int colon = authority.indexOf(':');
      if (colon >= 0) {
        if (authority.indexOf(':', colon + 1) >= 0) {
          throw new InvalidTargetException("ambiguous URL: unbracketed ':' in host");
        }
        hostText = authority.substring(0, colon);
        portText = authority.substring(colon + 1);
      } else {
        hostText = authority;
      }
    }
    Host host = Host.parse(hostText);
    int port = defaultPort(scheme);
    if (portText != null && !portText.isEmpty()) {
      port = parsePort(portText);
    }
    return new NetTarget(scheme, host, port, hasUserinfo);
  }

  private static boolean looksLikePort(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i == from) {
      return false;
    }
    return i == s.length() || s.charAt(i) == '/' || s.charAt(i) == '?' || s.charAt(i) == '#';
  }

  private static boolean isSpecial(String scheme) {
    return switch (scheme) {
      case "http", "https", "ws", "wss", "ftp", "file" -> true;
      default -> false;
    };
  }

  private static int parsePort(String p) throws InvalidTargetException {
    if (p.length() > 5) {
      throw new InvalidTargetException("invalid port \"" + Host.clip(p) + "\"");
    }
    int v = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidTargetException("invalid port \"" + Host.clip(p) + "\"");
      }
      v = v * 10 + (c - '0');
    }
    if (v > 65535) {
      throw new InvalidTargetException("port " + v + " is out of range");
    }
    return v;
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      case "ftp" -> 21;
      default -> -1;
    };
  }

  /** Lower-case scheme, or {@code ""} when the URL had none. */
  public String scheme() {
    return scheme;
  }

  public Host host() {
    return host;
  }

  /** The explicit port, else the scheme's default, else -1. */
  public int port() {
    return port;
  }

  /** True when the URL carried {@code user[:password]@} (never exposed here). */
  public boolean hasUserinfo() {
    return userinfo;
  }

  /** {@code scheme://host:port}: no userinfo, path or query, so it is safe as evidence. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (!scheme.isEmpty()) {
      sb.append(scheme).append("://");
    }
    sb.append(host.urlForm());
    if (port >= 0) {
      sb.append(':').append(port);
    }
    return sb.toString();
  }
}
