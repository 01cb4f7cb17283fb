package io.chio.kernel.guards.net;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code browser-automation}: browser actions (Playwright, Puppeteer, browser-use style tools).
 * HushSpec block {@code rules.browser_automation}; the field names are the reference's, so its
 * policies load unchanged.
 *
 * <p>Denied: a verb off {@code allowed_verbs} (the verb is the {@code action} argument, else the
 * tool name without its {@code browser_}/{@code playwright_}/{@code puppeteer_} prefix; verbs
 * compare case-, {@code _}- and {@code -}-insensitively, so {@code takeScreenshot} is {@code
 * take_screenshot}); a URL whose scheme is not http/https ({@code javascript:}, {@code data:},
 * {@code file:}, {@code chrome:} ...; {@code about:blank} and page-relative URLs pass), that
 * cannot be parsed unambiguously ({@link NetTarget}), whose host matches {@code blocked_domains}
 * (block wins) or is off a non-empty {@code allowed_domains}; a navigation verb without a URL
 * while {@code allowed_domains} is set; and, with {@code credential_detection}, a typing verb
 * ({@code type}, {@code fill}, {@code fill_form}, {@code press_key}, ...) aimed at a field whose
 * selector, label or name looks like a password/card/token/one-time-code input, or whose
 * arguments carry text that looks like a secret ({@link CredentialDetector}; evidence is masked).
 *
 * <p>Config (absent key = default; a present list replaces the default):
 *
 * <ul>
 *   <li>{@code enabled} (true)
 *   <li>{@code allowed_verbs}: default {@link #DEFAULT_VERBS} (navigation, clicks, typing,
 *       scrolling, waiting, reading, screenshots). Not included, so denied: {@code evaluate},
 *       {@code execute_script}, {@code run_code}, {@code file_upload}, {@code download}, {@code
 *       pdf_save}, cookie and storage access, request routing, dialogs. {@code []} allows any verb.
 *   <li>{@code allowed_domains}: host patterns ({@link HostPatterns}), default empty (any domain).
 *   <li>{@code blocked_domains}: host patterns, default empty.
 *   <li>{@code credential_detection} (true)
 *   <li>{@code extra_credential_patterns}: regexes added to the built-in secret detectors.
 * </ul>
 */
public final class BrowserAutomationGuard implements Guard {
  public static final String NAME = "browser-automation";

  public static final List<String> DEFAULT_VERBS =
      List.of(
          "navigate", "goto", "open", "open_url", "visit", "browse", "navigate_to", "navigate_back", "navigate_forward", "go_back", "go_forward",
          "back", "forward", "reload", "refresh", "click", "dblclick", "double_click", "right_click", "hover", "focus", "drag", "type", "fill",
          "fill_form", "press", "press_key", "select", "select_option", "check", "uncheck", "scroll", "wait", "wait_for", "screenshot",
          "take_screenshot", "snapshot", "get_url", "get_title", "get_text", "get_content", "read", "close", "tabs", "resize");

  private static final Set<String> NAVIGATION =
      Set.of("navigate", "goto", "open", "openurl", "visit", "browse", "navigateto", "navigatetourl", "gotourl", "visiturl", "load");

  private static final Set<String> TYPING =
      Set.of("type", "fill", "fillform", "press", "presskey", "keyboardtype", "sendkeys", "input", "typetext", "entertext", "inserttext", "setvalue");

  /** Argument keys that carry the text being typed (checked for secrets, not as field names). */
  private static final Set<String> TYPED_KEYS = Set.of("text", "value", "keys", "content", "input");

  private static final List<String> VERB_PREFIXES = List.of("browser_", "playwright_", "puppeteer_");

  private static final Set<String> KEYS = Set.of("enabled", "allowed_verbs", "allowed_domains", "blocked_domains", "credential_detection", "extra_credential_patterns");

  private final boolean enabled;
  private final Set<String> verbs;
  private final HostPatterns allowedDomains;
  private final HostPatterns blockedDomains;
  private final boolean credentialDetection;
  private final CredentialDetector detector;

  private BrowserAutomationGuard(
      boolean enabled, Set<String> verbs, HostPatterns allowedDomains, HostPatterns blockedDomains, boolean credentialDetection, CredentialDetector detector) {
    this.enabled = enabled;
    this.verbs = verbs;
    this.allowedDomains = allowedDomains;
    this.blockedDomains = blockedDomains;
    this.credentialDetection = credentialDetection;
    this.detector = detector;
  }

  public static BrowserAutomationGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader c = ConfigReader.of(NAME, config, KEYS);
    Set<String> verbs = new HashSet<>();
    for (String v : c.strings("allowed_verbs", DEFAULT_VERBS)) {
      verbs.add(fold(v));
    }
    List<Pattern> extra = new ArrayList<>();
    for (String p : c.strings("extra_credential_patterns", List.of())) {
      try {
        extra.add(Pattern.compile(p));
      } catch (PatternSyntaxException e) {
        throw c.error("extra_credential_patterns", "invalid regex \"" + p + "\": " + e.getDescription());
      }
    }
    return new BrowserAutomationGuard(
        c.bool("enabled", true),
        Set.copyOf(verbs),
        EgressAllowlistGuard.patterns(c, "allowed_domains", List.of()),
        EgressAllowlistGuard.patterns(c, "blocked_domains", List.of()),
        c.bool("credential_detection", true),
        new CredentialDetector(extra));
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
    if (!(context.action() instanceof ToolAction.Browser b)) {
      return GuardResult.allow("not a browser action");
    }
    String verb = fold(verbOf(b.action(), context.call().toolName()));
    if (!verbs.isEmpty()) {
      if (verb.isEmpty()) {
        return GuardResult.deny("browser action has no verb");
      }
      if (!verbs.contains(verb)) {
        return GuardResult.deny("browser action " + Evidence.quote(verb) + " is not allowed");
      }
    }
    if (b.url() != null && !CallTargets.isSamePageBrowserUrl(b, b.url())) {
      GuardResult r = checkUrl(b.url());
      if (r != null) {
        return r;
      }
    } else if (b.url() == null && NAVIGATION.contains(verb) && !allowedDomains.isEmpty()) {
      return GuardResult.deny("navigation without a URL cannot be checked against allowed_domains");
    }
    if (credentialDetection && TYPING.contains(verb)) {
      GuardResult r = checkTyping(context.call().arguments(), b);
      if (r != null) {
        return r;
      }
    }
    return GuardResult.allow("browser " + verb);
  }

  private GuardResult checkUrl(String url) {
    String scheme = NetTarget.schemeOf(url);
    if (!scheme.isEmpty() && !scheme.equals("http") && !scheme.equals("https")) {
      return GuardResult.deny("browser URL scheme \"" + scheme + ":\" is not allowed");
    }
    NetTarget target;
    try {
      target = NetTarget.parse(url);
    } catch (InvalidTargetException e) {
      return GuardResult.deny("malformed browser URL: " + e.getMessage());
    }
    Host host = target.host();
    String blocked = blockedDomains.match(host);
    if (blocked != null) {
      return GuardResult.deny("domain \"" + host.name() + "\" is blocked (matches \"" + blocked + "\")", "target " + target);
    }
    if (!allowedDomains.isEmpty() && !allowedDomains.matches(host)) {
      return GuardResult.deny("domain \"" + host.name() + "\" is not on the browser allowlist", "target " + target);
    }
    return null;
  }

  private GuardResult checkTyping(JsonNode args, ToolAction.Browser b) {
    if (b.selector() != null && CredentialDetector.isSensitiveField(b.selector())) {
      return GuardResult.deny("typing into a credential field (selector " + Evidence.quote(b.selector()) + ")");
    }
    return walk(args, null);
  }

  // Every string is checked for secrets; strings other than the typed text (selector, element,
  // name, label...) are also checked for credential-looking fields. Depth is bounded by the JSON
  // parser's nesting limit.
  private GuardResult walk(JsonNode node, String key) {
    if (node.isTextual()) {
      String s = node.textValue();
      CredentialDetector.Finding f = detector.findSecret(s);
      if (f != null) {
        return GuardResult.deny("typing a credential into a page (" + f.kind() + ")", "typed " + f.kind() + " " + f.masked());
      }
      boolean typed = key != null && TYPED_KEYS.contains(key);
      if (!typed && key != null && !key.equals("url") && !key.equals("action") && CredentialDetector.isSensitiveField(s)) {
        return GuardResult.deny("typing into a credential field (" + key + " " + Evidence.quote(s) + ")");
      }
      return null;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        GuardResult r = walk(e.getValue(), e.getKey());
        if (r != null) {
          return r;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode e : node) {
        GuardResult r = walk(e, key);
        if (r != null) {
          return r;
        }
      }
    }
    return null;
  }

  static String verbOf(String action, String toolName) {
    if (action != null && !action.isBlank()) {
      return action;
    }
    String t = toolName.toLowerCase(Locale.ROOT);
    int cut = -1;
    for (String p : VERB_PREFIXES) {
      int at = t.lastIndexOf(p);
      if (at >= 0) {
        cut = Math.max(cut, at + p.length());
      }
    }
    if (cut >= 0) {
      return t.substring(cut);
    }
    return t.equals("browser") || t.equals("playwright") || t.equals("puppeteer") ? "" : t;
  }

  /** Lower-case, without {@code _ - .} and whitespace: {@code Take-Screenshot} -> {@code takescreenshot}. */
  static String fold(String verb) {
    StringBuilder sb = new StringBuilder(verb.length());
    for (int i = 0; i < verb.length(); i++) {
      char c = verb.charAt(i);
      if (c != '_' && c != '-' && c != '.' && !Character.isWhitespace(c)) {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
  }
}
