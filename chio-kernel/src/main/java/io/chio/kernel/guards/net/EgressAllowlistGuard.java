package io.chio.kernel.guards.net;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code egress-allowlist}: network egress ({@code url}/{@code uri} calls, and the {@code url} of
 * browser actions) only to allowed hosts. HushSpec block {@code rules.egress}.
 *
 * <p>Decision, in order: scheme outside {@code allowed_schemes} (default http, https, ws, wss;
 * {@code file}, {@code data}, {@code javascript}, {@code vbscript}, {@code blob} can never be
 * allowed) is denied; a URL that cannot be parsed unambiguously is denied (see {@link
 * NetTarget}); a host matching {@code block} is denied (block wins); a host matching {@code
 * allow} is allowed; otherwise {@code default} decides. Browser {@code about:blank} and
 * page-relative URLs ({@code /next}) open no new origin and pass. URLs without a scheme ({@code
 * api.example.com/x}) are judged by their host.
 *
 * <p>Config (absent key = default; a present list replaces the default):
 *
 * <ul>
 *   <li>{@code enabled} (true)
 *   <li>{@code allow}: host patterns ({@link HostPatterns}: exact, globs where {@code *.x} does not
 *       match {@code x}, CIDRs). Default when absent: {@link #DEFAULT_ALLOW} (AI APIs, GitHub API,
 *       package registries), as in the reference. {@code allow: []} allows nothing by pattern.
 *   <li>{@code block}: host patterns, default none.
 *   <li>{@code default}: {@code block} (default) or {@code allow}, for hosts matching neither list.
 *   <li>{@code allowed_schemes}: default {@code [http, https, ws, wss]}.
 * </ul>
 *
 * With no config at all the guard therefore allows only the curated list and blocks everything
 * else (fail-closed), matching the reference guard's defaults.
 */
public final class EgressAllowlistGuard implements Guard {
  public static final String NAME = "egress-allowlist";

  /** Allowed when {@code allow} is absent. */
  public static final List<String> DEFAULT_ALLOW =
      List.of("*.openai.com", "*.anthropic.com", "api.github.com", "*.npmjs.org", "registry.npmjs.org", "pypi.org", "files.pythonhosted.org", "crates.io", "static.crates.io");

  static final List<String> DEFAULT_SCHEMES = List.of("http", "https", "ws", "wss");

  /** Schemes that reach no network host or run code in the page; never configurable. */
  static final Set<String> FORBIDDEN_SCHEMES = Set.of("file", "data", "javascript", "vbscript", "blob");

  private static final Set<String> KEYS = Set.of("enabled", "allow", "block", "default", "allowed_schemes");

  private final boolean enabled;
  private final HostPatterns allow;
  private final HostPatterns block;
  private final boolean defaultAllow;
  private final Set<String> schemes;

  private EgressAllowlistGuard(boolean enabled, HostPatterns allow, HostPatterns block, boolean defaultAllow, Set<String> schemes) {
    this.enabled = enabled;
    this.allow = allow;
    this.block = block;
    this.defaultAllow = defaultAllow;
    this.schemes = schemes;
  }

  /** Compiles the guard from its config block ({@code {}} = all defaults). */
  public static EgressAllowlistGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader c = ConfigReader.of(NAME, config, KEYS);
    boolean enabled = c.bool("enabled", true);
    HostPatterns allow = patterns(c, "allow", DEFAULT_ALLOW);
    HostPatterns block = patterns(c, "block", List.of());
    boolean defaultAllow = c.choice("default", "block", Set.of("block", "allow")).equals("allow");
    List<String> schemeList = c.strings("allowed_schemes", DEFAULT_SCHEMES);
    Set<String> schemes = new java.util.HashSet<>();
    for (String s : schemeList) {
      String norm = s.toLowerCase(Locale.ROOT);
      if (norm.endsWith(":")) {
        norm = norm.substring(0, norm.length() - 1);
      }
      if (FORBIDDEN_SCHEMES.contains(norm)) {
        throw c.error("allowed_schemes", "scheme \"" + s + "\" can never be allowed (it reaches no network host or runs code)");
      }
      if (!norm.matches("[a-z][a-z0-9+.-]*")) {
        throw c.error("allowed_schemes", "\"" + s + "\" is not a URL scheme");
      }
      schemes.add(norm);
    }
    return new EgressAllowlistGuard(enabled, allow, block, defaultAllow, Set.copyOf(schemes));
  }

  static HostPatterns patterns(ConfigReader c, String key, List<String> def) throws GuardConfigException {
    try {
      return HostPatterns.compile(c.strings(key, def));
    } catch (IllegalArgumentException e) {
      throw c.error(key, e.getMessage());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return GuardResult.allow("disabled");
    }
    String url = CallTargets.urlOf(context.action());
    if (url == null) {
      return GuardResult.allow("no network target");
    }
    if (CallTargets.isSamePageBrowserUrl(context.action(), url)) {
      return GuardResult.allow("same-page browser URL");
    }
    return check(url);
  }

  private GuardResult check(String url) {
    String scheme = NetTarget.schemeOf(url);
    if (!scheme.isEmpty() && !schemes.contains(scheme)) {
      return GuardResult.deny("URL scheme \"" + scheme + ":\" is not allowed");
    }
    NetTarget target;
    try {
      target = NetTarget.parse(url);
    } catch (InvalidTargetException e) {
      return GuardResult.deny("malformed URL: " + e.getMessage());
    }
    Host host = target.host();
    String blocked = blockMatch(host);
    if (blocked != null) {
      return GuardResult.deny("host \"" + host.name() + "\" matches egress block pattern \"" + blocked + "\"", "target " + target);
    }
    String allowed = allow.match(host);
    if (allowed != null) {
      return GuardResult.allow("target " + target + " matches allow pattern \"" + allowed + "\"");
    }
    if (defaultAllow) {
      return GuardResult.allow("target " + target + " allowed by default");
    }
    return GuardResult.deny("host \"" + host.name() + "\" is not on the egress allowlist", "target " + target);
  }

  private String blockMatch(Host host) {
    String hit = block.match(host);
    byte[] alt = host.alternateAddressUnsafe();
    if (hit == null && alt != null) {
      hit = block.match(Host.ofAddress(alt));
    }
    return hit;
  }
}
