package io.chio.kernel.guards.fs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in checks patch-integrity applies to every added line. Each rule has an id (for
 * receipts) and a phrase for the deny reason ("patch adds a line that ..."). Patterns aim at
 * settings, identifiers and calls, not prose ("never disable TLS verification" in a README is not
 * flagged; {@code DISABLE_TLS_VERIFICATION=1} is).
 */
final class PatchRules {
  /**
   * One built-in check: {@code id}, the reason phrase, lower-case keywords of which a matching line
   * contains at least one (a cheap filter) and the regexes (any match triggers).
   */
  record Rule(String id, String does, List<String> keywords, List<Pattern> patterns) {
    /** {@code lower} must be {@code line.toLowerCase(Locale.ROOT)}. */
    boolean matches(String line, String lower) {
      boolean candidate = false;
      for (String k : keywords) {
        if (lower.contains(k)) {
          candidate = true;
          break;
        }
      }
      if (!candidate) {
        return false;
      }
      for (Pattern p : patterns) {
        if (p.matcher(line).find()) {
          return true;
        }
      }
      return false;
    }
  }

  static final List<Rule> BUILT_IN = List.of(
      rule("tls-verification-disabled", "disables TLS certificate verification",
          List.of("verify", "unverified", "reject", "insecure", "curl", "wget", "cert", "ssl", "tls", "trust", "hostname", "danger"),
          "(?i)\\bverify\\s*=\\s*False\\b",
          "(?i)\\brejectUnauthorized\\s*:\\s*false\\b",
          "(?i)\\bInsecureSkipVerify\\s*:\\s*true\\b",
          "(?i)\\bNODE_TLS_REJECT_UNAUTHORIZED\\s*[=:]\\s*['\"]?0\\b",
          "(?i)\\bcurl\\b[^\\n]{0,200}\\s(-[a-zA-Z]*k[a-zA-Z]*|--insecure)\\b",
          "(?i)\\bwget\\b[^\\n]{0,200}--no-check-certificate\\b",
          "(?i)\\bCURLOPT_SSL_VERIFY(PEER|HOST)\\s*,\\s*(false|0)\\b",
          "(?i)\\b_create_unverified_context\\b|\\bCERT_NONE\\b|\\bcheck_hostname\\s*=\\s*False\\b",
          "(?i)\\b(ssl_?verify|verify_?ssl|verify_?peer|verify_?certs?|verify_?tls|tls_?verify)\\s*['\"]?\\s*[=:]\\s*['\"]?(false|0|no|off)\\b",
          "(?i)\\bstrict-ssl\\s*[=:]?\\s*false\\b",
          "(?i)\\bGIT_SSL_NO_VERIFY\\b|\\bPYTHONHTTPSVERIFY\\s*=\\s*['\"]?0\\b",
          "(?i)\\b(NoopHostnameVerifier|ALLOW_ALL_HOSTNAME_VERIFIER|TrustAllStrategy|InsecureTrustManagerFactory|trustAllCerts|danger_accept_invalid_certs)\\b",
          "(?i)\\bdisable[_-]?(ssl|tls|cert|certificate)[_-]?(verif\\w*|check\\w*|validation)\\b"),
      rule("auth-disabled", "disables authentication or security checks",
          List.of("auth", "security", "csrf", "login", "2fa", "mfa", "anonymous"),
          "(?i)\\bdisable[_-]?(auth|authentication|authorization|security|csrf|login|2fa|mfa)\\b",
          "(?i)\\b(auth|authentication|authorization|security|csrf|login)[ _-]?(enabled|required|check)\\s*['\"]?\\s*[=:]\\s*['\"]?(false|0|no|off)\\b",
          "(?i)\\brequire[_-]?(auth|authentication|login)\\w*\\s*['\"]?\\s*[=:]\\s*['\"]?(false|0|no|off)\\b",
          "(?i)\\b(skip|bypass)[_-]?(auth|authentication|authorization|login)\\b",
          "(?i)\\ballow[_-]?anonymous\\w*\\s*['\"]?\\s*[=:]\\s*['\"]?(true|1|yes|on)\\b"),
      rule("world-writable", "sets world-writable permissions (chmod 777)", List.of("chmod"),
          "(?i)\\bchmod\\s+(-[a-zA-Z]+\\s+)*(0?777|a\\+rwx|ugo\\+rwx)\\b",
          "(?i)\\bchmod\\s*\\([^)\\n]{0,200}\\b0o?777\\b"),
      rule("dynamic-eval", "evaluates dynamic code (eval/exec)", List.of("eval", "exec", "function"),
          "(?<![\\w.$])eval\\s*\\(",
          "(?<![\\w.$])exec\\s*\\(",
          "\\bnew\\s+Function\\s*\\("),
      rule("reverse-shell", "opens a reverse shell", List.of("/dev/", "nc", "netcat", "socat"),
          "/dev/(tcp|udp)/",
          "(?i)\\b(nc|ncat|netcat)\\b[^\\n]{0,200}\\s(-[a-zA-Z]*e|--exec|--sh-exec)\\b",
          "(?i)\\bsocat\\b[^\\n]{0,200}\\bexec:"),
      rule("destructive-command", "deletes the filesystem root or home directory", List.of("rm", "preserve"),
          "(?i)\\brm\\s+(?:--?[a-zA-Z-]+\\s+)*+(/|/\\*|~/?|\\$HOME/?|\\$\\{HOME\\}/?)(?=[\\s;&|)'\"]|$)",
          "(?i)--no-preserve-root\\b"));

  private PatchRules() {}

  private static Rule rule(String id, String does, List<String> keywords, String... regexes) {
    Pattern[] ps = new Pattern[regexes.length];
    for (int i = 0; i < regexes.length; i++) {
      ps[i] = Pattern.compile(regexes[i]);
    }
    return new Rule(id, does, keywords, List.of(ps));
  }
}
