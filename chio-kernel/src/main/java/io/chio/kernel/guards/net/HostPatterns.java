package io.chio.kernel.guards.net;

import java.net.IDN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled list of host patterns, matched against a canonical {@link Host}. Each entry is one
 * of:
 *
 * <ul>
 *   <li>an exact host: {@code api.github.com}, {@code 127.0.0.1}, {@code ::1} (normalised like a
 *       host, so {@code API.GitHub.com.} and {@code 2130706433} work too);
 *   <li>a glob: {@code *} matches any run of characters including dots, {@code ?} one character;
 *       {@code *.example.com} matches every subdomain at any depth but NOT {@code example.com}
 *       itself (list both when both are meant); {@code *} alone matches every host;
 *   <li>a CIDR block: {@code 10.0.0.0/8}, {@code fc00::/7}, matching IP-literal hosts inside it.
 * </ul>
 *
 * Unicode in patterns is IDNA-mapped like hosts, so {@code bücher.de} matches {@code
 * xn--bcher-kva.de}. Immutable and thread-safe.
 */
public final class HostPatterns {
  /** Matches nothing. */
  public static final HostPatterns NONE = new HostPatterns(List.of(), Map.of(), List.of(), List.of(), List.of(), null);

  private final List<String> patterns;
  private final Map<String, String> exact;
  private final List<Suffix> suffixes;
  private final List<GlobEntry> globs;
  private final List<RangeEntry> ranges;
  private final String matchAll;

  private HostPatterns(
      List<String> patterns, Map<String, String> exact, List<Suffix> suffixes, List<GlobEntry> globs, List<RangeEntry> ranges, String matchAll) {
    this.patterns = patterns;
    this.exact = exact;
    this.suffixes = suffixes;
    this.globs = globs;
    this.ranges = ranges;
    this.matchAll = matchAll;
  }

  /**
   * Compiles {@code patterns}.
   *
   * @throws IllegalArgumentException naming the first invalid pattern and why
   */
  public static HostPatterns compile(List<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    if (patterns.isEmpty()) {
      return NONE;
    }
    Map<String, String> exact = new HashMap<>();
    List<Suffix> suffixes = new ArrayList<>();
    List<GlobEntry> globs = new ArrayList<>();
    List<RangeEntry> ranges = new ArrayList<>();
    String matchAll = null;
    for (String original : patterns) {
      Objects.requireNonNull(original, "pattern");
      String p = original.strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty host pattern");
      }
      if (p.indexOf('/') >= 0) {
        ranges.add(new RangeEntry(IpRange.parse(p), original));
        continue;
      }
      if (!Glob.hasWildcard(p)) {
        try {
          exact.putIfAbsent(Host.parse(p).name(), original);
        } catch (InvalidTargetException e) {
          throw new IllegalArgumentException("invalid host pattern \"" + original + "\": " + e.getMessage());
        }
        continue;
      }
      String norm = normaliseGlob(p, original);
      if (norm.equals("*")) {
        matchAll = matchAll == null ? original : matchAll;
      } else if (norm.startsWith("*.") && !Glob.hasWildcard(norm.substring(2))) {
        suffixes.add(new Suffix(norm.substring(1), original));
      } else {
        globs.add(new GlobEntry(new Glob(norm), original));
      }
    }
    return new HostPatterns(List.copyOf(patterns), Map.copyOf(exact), List.copyOf(suffixes), List.copyOf(globs), List.copyOf(ranges), matchAll);
  }

  private static String normaliseGlob(String p, String original) {
    String s = p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
    StringBuilder out = new StringBuilder(s.length());
    for (String label : s.split("\\.", -1)) {
      if (label.isEmpty()) {
        throw new IllegalArgumentException("invalid host pattern \"" + original + "\": empty label");
      }
      String l = label;
      boolean ascii = l.chars().allMatch(c -> c < 0x80);
      if (!ascii) {
        if (Glob.hasWildcard(l)) {
          throw new IllegalArgumentException("invalid host pattern \"" + original + "\": a label with a wildcard must be ASCII");
        }
        try {
          l = IDN.toASCII(l, 0);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("invalid host pattern \"" + original + "\": not a valid internationalised name");
        }
      }
      l = l.toLowerCase(Locale.ROOT);
      for (int i = 0; i < l.length(); i++) {
        char c = l.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*' || c == '?' || c == ':')) {
          throw new IllegalArgumentException("invalid host pattern \"" + original + "\": invalid character " + Host.describe(c));
        }
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(l);
    }
    return out.toString();
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** The patterns as given. */
  public List<String> patterns() {
    return patterns;
  }

  public boolean matches(Host host) {
    return match(host) != null;
  }

  /** The first pattern (as written in the config) that matches {@code host}, or null. */
  public String match(Host host) {
    Objects.requireNonNull(host, "host");
    if (matchAll != null) {
      return matchAll;
    }
    String name = host.name();
    String hit = exact.get(name);
    if (hit != null) {
      return hit;
    }
    for (Suffix sfx : suffixes) {
      if (name.endsWith(sfx.dotSuffix())) {
        return sfx.original();
      }
    }
    for (GlobEntry g : globs) {
      if (g.glob().matches(name)) {
        return g.original();
      }
    }
    if (host.isIp()) {
      byte[] a = host.addressUnsafe();
      for (RangeEntry r : ranges) {
        if (r.range().contains(a)) {
          return r.original();
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return patterns.toString();
  }

  /** {@code *.x} compiled to a plain {@code .x} suffix test. */
  private record Suffix(String dotSuffix, String original) {}

  private record GlobEntry(Glob glob, String original) {}

  private record RangeEntry(IpRange range, String original) {}
}
