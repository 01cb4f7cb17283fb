package io.chio.kernel.guards.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds credentials in text: provider tokens (AWS, GitHub, GitLab, npm, Slack, Stripe, OpenAI,
 * Anthropic, Google), PEM private keys, GCP service-account JSON, JWTs and generic {@code
 * password=}/{@code api_key:} assignments with random-looking values. Immutable and thread-safe;
 * every regex is compiled once.
 *
 * <p>Built-in rules are written so they cannot backtrack badly: each starts at a token boundary
 * (a lookbehind) and uses bounded or possessive quantifiers. Operator patterns run over a
 * read-budgeted view, so a pathological one fails (and the calling guard fails closed) instead
 * of hanging.
 *
 * <p>Not findings, by design: documented sample values ({@code AKIAIOSFODNN7EXAMPLE}), obvious
 * placeholders ({@code ghp_xxxx...}, {@code <your-key>}, {@code changeme}, {@code ${VAR}}),
 * Stripe test-mode keys, and generic assignments whose value is a code reference ({@code password
 * = os.environ["X"]}), a URL, a path, or too short/uniform to be a secret (under 8 characters,
 * fewer than two character classes, or Shannon entropy under 3 bits per character).
 */
public final class SecretScanner {
  /** HushSpec severities: {@code critical} and {@code error} block, {@code warn} is only recorded. */
  public enum Severity {
    CRITICAL,
    ERROR,
    WARN;

    /** Parses {@code critical|error|warn}. */
    public static Severity parse(String s) {
      return switch (s) {
        case "critical" -> CRITICAL;
        case "error" -> ERROR;
        case "warn" -> WARN;
        default -> throw new IllegalArgumentException("severity must be critical, error or warn, got \"" + s + "\"");
      };
    }

    public boolean blocks() {
      return this != WARN;
    }
  }

  /**
   * One secret. {@code [start, end)} indexes the secret value in the scanned text (for an
   * assignment, only the value, not the key name); {@code masked} is safe to log.
   */
  public record Finding(String type, int start, int end, String masked, Severity severity) {
    public Finding {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(masked, "masked");
      Objects.requireNonNull(severity, "severity");
    }

    /** {@code TYPE masked}, for evidence. */
    public String describe() {
      return type + " " + masked;
    }
  }

  /** An operator-defined rule (HushSpec {@code secret_patterns.patterns[]}). */
  public record CustomPattern(String name, String pattern, Severity severity) {
    public CustomPattern {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(severity, "severity");
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean accept(String text, Matcher m, int valueStart, int valueEnd, ScanState state);
  }

  /**
   * {@code anchors}: literals one of which the text must contain before the rule runs at all.
   * {@code triggers}: lower-case literals at which the pattern must start; when present the
   * pattern is only tried there (for rules without a distinctive literal, like assignments).
   */
  private record Rule(String type, Pattern pattern, int group, Severity severity, String[] anchors, String[] triggers, Check check, boolean custom) {}

  /** Per-scan lazily computed facts shared by rules. */
  private static final class ScanState {
    private Boolean hasPrivateKeyField;
    private String lower;

    String lower(String s) {
      if (lower == null) {
        lower = lowerAscii(s);
      }
      return lower;
    }
  }

  private static final Pattern GCP_PRIVATE_KEY_FIELD = Pattern.compile("\\\\?\"private_key\\\\?\"\\s{0,8}:");
  private static final Pattern DOTTED_PATH = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)+");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final String JWT_IO_SAMPLE_PAYLOAD = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
  private static final List<String> PLACEHOLDER_MARKERS = List.of(
      "example", "xxxxxxxx", "your_", "your-", "yourkey", "yourpass", "yourtoken", "<", ">", "${", "{{", "placeholder",
      "redacted", "dummy", "changeme", "change_me", "change-me", "replace_me", "replace-me", "insert_");
  /** Extra markers for generic assignments, whose values are free text. */
  private static final List<String> GENERIC_PLACEHOLDER_MARKERS = List.of("password", "passwd", "secret", "sample", "todo", "****", "....");

  private static final long CUSTOM_BUDGET_PER_CHAR = 200;
  private static final long CUSTOM_BUDGET_BASE = 1_000_000;

  private static final List<Rule> BUILT_IN = List.of(
      rule("PRIVATE_KEY",
          "-----BEGIN[ A-Z]{0,30}PRIVATE KEY(?: BLOCK)?-----(?:\\s|\\\\[nr]){0,8}(?:[A-Za-z0-9+/=]{20}|Proc-Type:)",
          0, new String[] {"PRIVATE KEY"}, SecretScanner::notPlaceholder),
      rule("GCP_SERVICE_ACCOUNT", "\\\\?\"type\\\\?\"\\s{0,8}:\\s{0,8}\\\\?\"service_account\\\\?\"", 0,
          new String[] {"service_account"}, SecretScanner::hasPrivateKeyField),
      rule("AWS_ACCESS_KEY", "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])", 0,
          new String[] {"AKIA", "ASIA"}, SecretScanner::notPlaceholder),
      triggered("AWS_SECRET_KEY",
          "(?i)(?:aws_?secret_?(?:access_?)?key|secretaccesskey)\\\\?[\"']?\\s{0,8}[:=]\\s{0,8}\\\\?[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
          1, new String[] {"aws", "secretaccesskey"}, SecretScanner::notPlaceholder, Severity.CRITICAL),
      rule("GITHUB_TOKEN", "(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}+(?![A-Za-z0-9_])", 0,
          new String[] {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}, SecretScanner::notPlaceholder),
      rule("GITHUB_TOKEN", "(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{50,244}+(?![A-Za-z0-9_])", 0,
          new String[] {"github_pat_"}, SecretScanner::notPlaceholder),
      rule("GITLAB_TOKEN", "(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,64}+(?![A-Za-z0-9_-])", 0,
          new String[] {"glpat-"}, SecretScanner::randomLooking),
      rule("NPM_TOKEN", "(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", 0,
          new String[] {"npm_"}, SecretScanner::randomLooking),
      rule("SLACK_WEBHOOK",
          "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]{6,20}/[A-Za-z0-9_]{6,20}/[A-Za-z0-9_]{16,64}+",
          0, new String[] {"hooks.slack.com"}, SecretScanner::notPlaceholder),
      rule("SLACK_TOKEN", "(?<![A-Za-z0-9-])xox[abposr]-[0-9]{6,15}-[A-Za-z0-9-]{8,200}+", 0,
          new String[] {"xox"}, SecretScanner::notPlaceholder),
      rule("SLACK_TOKEN", "(?<![A-Za-z0-9-])xapp-[0-9]{1,3}-[A-Za-z0-9-]{20,250}+", 0,
          new String[] {"xapp-"}, SecretScanner::notPlaceholder),
      rule("STRIPE_KEY", "(?<![A-Za-z0-9_])(?:sk|rk)_live_[A-Za-z0-9]{20,247}+(?![A-Za-z0-9_])", 0,
          new String[] {"_live_"}, SecretScanner::notPlaceholder),
      rule("ANTHROPIC_KEY", "(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{32,300}+", 0,
          new String[] {"sk-ant-"}, SecretScanner::randomLooking),
      rule("OPENAI_KEY", "(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,300}+", 0,
          new String[] {"sk-"}, SecretScanner::randomLooking),
      rule("GOOGLE_API_KEY", "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", 0,
          new String[] {"AIza"}, SecretScanner::notPlaceholder),
      rule("JWT", "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}+\\.eyJ[A-Za-z0-9_-]{8,8192}+\\.[A-Za-z0-9_-]{16,4096}+", 0,
          new String[] {"eyJ"}, SecretScanner::realJwt));

  private static final Rule GENERIC = triggered("GENERIC_SECRET",
      "(?i)(?:password|passwd|passphrase|pwd|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|token)"
          + "\\\\?[\"']?\\s{0,8}(?::=|=>|[:=])\\s{0,8}(\\\\?[\"'`]?)([^\\s\"'`,;()\\[\\]{}\\\\]{1,256})",
      2, new String[] {"pass", "pwd", "secret", "api", "access", "private", "token"}, SecretScanner::genericValue, Severity.ERROR);

  private static final SecretScanner DEFAULTS = new SecretScanner(List.of());

  private final List<Rule> rules;

  private SecretScanner(List<Rule> custom) {
    List<Rule> all = new ArrayList<>(BUILT_IN);
    all.addAll(custom);
    all.add(GENERIC);
    this.rules = List.copyOf(all);
  }

  /** The built-in rules only. */
  public static SecretScanner defaults() {
    return DEFAULTS;
  }

  /**
   * The built-in rules plus operator patterns (Java regex syntax), tried after the built-ins.
   *
   * @throws IllegalArgumentException naming the pattern when one does not compile
   */
  public static SecretScanner withCustomPatterns(List<CustomPattern> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    if (patterns.isEmpty()) {
      return DEFAULTS;
    }
    List<Rule> custom = new ArrayList<>();
    for (CustomPattern p : patterns) {
      Pattern compiled;
      try {
        compiled = Pattern.compile(p.pattern());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("secret pattern \"" + p.name() + "\" does not compile: " + e.getDescription(), e);
      }
      custom.add(new Rule(p.name(), compiled, 0, p.severity(), null, null, null, true));
    }
    return new SecretScanner(custom);
  }

  /**
   * Every secret in {@code text}, non-overlapping, by position. When two rules match the same
   * span the more specific (earlier) rule wins, so a GitHub token inside {@code token = "..."}
   * is reported as {@code GITHUB_TOKEN}.
   *
   * @throws IllegalStateException when an operator pattern exceeds its matching budget
   */
  public List<Finding> scan(CharSequence text) {
    Objects.requireNonNull(text, "text");
    String s = text.toString();
    if (s.isEmpty()) {
      return List.of();
    }
    ScanState state = new ScanState();
    TreeMap<Integer, Finding> kept = new TreeMap<>();
    for (Rule r : rules) {
      if (r.anchors() != null && !containsAny(s, r.anchors())) {
        continue;
      }
      if (r.custom()) {
        scanCustom(r, s, kept);
      } else if (r.triggers() != null) {
        String lower = state.lower(s);
        Matcher m = r.pattern().matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        for (String t : r.triggers()) {
          int covered = 0; // a keyword inside the previous candidate's value is part of that value
          for (int at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, Math.max(at + 1, covered))) {
            if (m.region(at, s.length()).lookingAt()) {
              accept(r, s, m, state, kept);
              covered = m.end();
            }
          }
        }
      } else {
        Matcher m = r.pattern().matcher(s);
        while (m.find()) {
          accept(r, s, m, state, kept);
        }
      }
    }
    List<Finding> out = new ArrayList<>(kept.values());
    out.sort(Comparator.comparingInt(Finding::start));
    return List.copyOf(out);
  }

  /**
   * Masks a secret for evidence: the first 4 and last 4 characters stay, the rest become
   * {@code *}. Values shorter than 12 characters are masked entirely, since 8 visible
   * characters would be most of them. Non-printable characters are shown as {@code ?}.
   */
  public static String mask(CharSequence secret) {
    int[] cps = secret.toString().codePoints().toArray();
    StringBuilder b = new StringBuilder(cps.length);
    boolean showEnds = cps.length >= 12;
    for (int i = 0; i < cps.length; i++) {
      if (showEnds && (i < 4 || i >= cps.length - 4)) {
        int c = cps[i];
        b.appendCodePoint(Character.isISOControl(c) || Character.isWhitespace(c) ? '?' : c);
      } else {
        b.append('*');
      }
    }
    return b.toString();
  }

  private static void accept(Rule r, String s, Matcher m, ScanState state, TreeMap<Integer, Finding> kept) {
    int vs = m.start(r.group());
    int ve = m.end(r.group());
    if (vs >= 0 && r.check().accept(s, m, vs, ve, state)) {
      keep(kept, new Finding(r.type(), vs, ve, mask(s.substring(vs, ve)), r.severity()));
    }
  }

  /** Lower-cases ASCII letters only, so offsets stay those of the original text. */
  private static String lowerAscii(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= 'A' && c[i] <= 'Z') {
        c[i] += 32;
      }
    }
    return new String(c);
  }

  private static void scanCustom(Rule r, String s, TreeMap<Integer, Finding> kept) {
    long budget = CUSTOM_BUDGET_BASE + CUSTOM_BUDGET_PER_CHAR * s.length();
    Matcher m = r.pattern().matcher(new BoundedCharSequence(s, budget));
    try {
      while (m.find()) {
        if (m.end() > m.start()) {
          keep(kept, new Finding(r.type(), m.start(), m.end(), mask(s.substring(m.start(), m.end())), r.severity()));
        }
      }
    } catch (BoundedCharSequence.BudgetExceededException e) {
      throw new IllegalStateException("secret pattern \"" + r.type() + "\" exceeded its matching budget (catastrophic backtracking?)");
    }
  }

  /** Adds {@code f} unless it overlaps a finding already kept (kept findings come from earlier, more specific rules). */
  private static void keep(TreeMap<Integer, Finding> kept, Finding f) {
    Map.Entry<Integer, Finding> before = kept.floorEntry(f.start());
    if (before != null && before.getValue().end() > f.start()) {
      return;
    }
    Map.Entry<Integer, Finding> after = kept.ceilingEntry(f.start());
    if (after != null && after.getKey() < f.end()) {
      return;
    }
    kept.put(f.start(), f);
  }

  private static boolean containsAny(String s, String[] needles) {
    for (String n : needles) {
      if (s.contains(n)) {
        return true;
      }
    }
    return false;
  }

  private static Rule rule(String type, String regex, int group, String[] anchors, Check check) {
    return rule(type, regex, group, anchors, check, Severity.CRITICAL);
  }

  private static Rule rule(String type, String regex, int group, String[] anchors, Check check, Severity severity) {
    return new Rule(type, Pattern.compile(regex), group, severity, anchors, null, check, false);
  }

  private static Rule triggered(String type, String regex, int group, String[] triggers, Check check, Severity severity) {
    return new Rule(type, Pattern.compile(regex), group, severity, null, triggers, check, false);
  }

  // ---- checks ----

  private static boolean notPlaceholder(String text, Matcher m, int vs, int ve, ScanState st) {
    return !isPlaceholder(text.substring(vs, ve), PLACEHOLDER_MARKERS);
  }

  /** For loosely shaped tokens: also demand a digit and a letter, so prose like {@code sk-learn-...} passes. */
  private static boolean randomLooking(String text, Matcher m, int vs, int ve, ScanState st) {
    String v = text.substring(vs, ve);
    return !isPlaceholder(v, PLACEHOLDER_MARKERS) && hasDigitAndLetter(v);
  }

  private static boolean hasPrivateKeyField(String text, Matcher m, int vs, int ve, ScanState st) {
    if (st.hasPrivateKeyField == null) {
      st.hasPrivateKeyField = GCP_PRIVATE_KEY_FIELD.matcher(text).find();
    }
    return st.hasPrivateKeyField;
  }

  private static boolean realJwt(String text, Matcher m, int vs, int ve, ScanState st) {
    String v = text.substring(vs, ve);
    int dot1 = v.indexOf('.');
    int dot2 = v.indexOf('.', dot1 + 1);
    if (v.substring(dot1 + 1, dot2).equals(JWT_IO_SAMPLE_PAYLOAD)) {
      return false;
    }
    try {
      String header = new String(Base64.getUrlDecoder().decode(v.substring(0, dot1)), StandardCharsets.UTF_8);
      return header.contains("\"alg\"") && !isPlaceholder(v, PLACEHOLDER_MARKERS);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean genericValue(String text, Matcher m, int vs, int ve, ScanState st) {
    String v = text.substring(vs, ve);
    boolean quoted = m.end(1) > m.start(1);
    if (v.length() < 8) {
      return false;
    }
    char first = v.charAt(0);
    if (first == '$' || first == '%' || first == '/' || first == '~' || v.startsWith("./") || first == '*') {
      return false; // shell/env variable, path or mask
    }
    if (URL_SCHEME.matcher(v).matches()) {
      return false;
    }
    if (isPlaceholder(v, PLACEHOLDER_MARKERS) || isPlaceholder(v, GENERIC_PLACEHOLDER_MARKERS)) {
      return false;
    }
    if (!quoted) {
      char next = ve < text.length() ? text.charAt(ve) : '\n';
      if (next == '(' || next == '[' || next == '.') {
        return false; // a call or subscript: password = get_password() / os.environ["X"]
      }
      if (DOTTED_PATH.matcher(v).matches()) {
        return false; // settings.API_KEY, process.env.TOKEN
      }
      if (IDENTIFIER.matcher(v).matches() && !(v.length() >= 16 && hasDigitAndLetter(v))) {
        return false; // a variable name, unless it looks like a random token in a .env file
      }
    }
    return characterClasses(v) >= 2 && entropy(v) >= 3.0;
  }

  private static boolean isPlaceholder(String v, List<String> markers) {
    String lower = v.toLowerCase(Locale.ROOT);
    for (String marker : markers) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    // A real token's tail is random; "ghp_xxxx...", "AKIA0000..." are not.
    int from = Math.max(0, v.length() - 16);
    return v.substring(from).chars().distinct().count() <= 4;
  }

  private static boolean hasDigitAndLetter(String v) {
    boolean digit = false;
    boolean letter = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      digit |= c >= '0' && c <= '9';
      letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return digit && letter;
  }

  private static int characterClasses(String v) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
  }

  /** Shannon entropy in bits per character. */
  private static double entropy(String v) {
    int[] counts = new int[128];
    int n = 0;
    Map<Character, Integer> wide = null;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        if (wide == null) {
          wide = new TreeMap<>();
        }
        wide.merge(c, 1, Integer::sum);
      }
      n++;
    }
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / n;
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    if (wide != null) {
      for (int c : wide.values()) {
        double p = (double) c / n;
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    return h;
  }
}
