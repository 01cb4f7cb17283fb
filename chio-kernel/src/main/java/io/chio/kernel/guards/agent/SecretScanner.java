package io.chio.kernel.guards.agent;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * High-confidence credential formats (provider token prefixes, PEM private keys), for text an agent
 * types on screen or plants in memory. Text is NFKC-folded first so full-width look-alikes and
 * zero-width splitting do not hide a key. Findings are reported masked, never in clear.
 */
final class SecretScanner {
  record Finding(String kind, String masked) {}

  private record Rule(String kind, Pattern pattern, String... needles) {}

  private static final List<Rule> TOKENS = List.of(
      new Rule("private-key", Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"), "PRIVATE KEY"),
      new Rule("aws-access-key", Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b"), "AKIA", "ASIA", "ABIA", "ACCA"),
      new Rule("github-token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,255}\\b"), "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
      new Rule("github-token", Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,255}\\b"), "github_pat_"),
      new Rule("gitlab-token", Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}"), "glpat-"),
      new Rule("slack-token", Pattern.compile("\\bxox[abeprs]-[A-Za-z0-9-]{10,}"), "xox"),
      new Rule("stripe-key", Pattern.compile("\\b[sr]k_live_[A-Za-z0-9]{16,}\\b"), "k_live_"),
      new Rule("anthropic-key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"), "sk-ant-"),
      new Rule("openai-key", Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"), "sk-"),
      new Rule("npm-token", Pattern.compile("\\bnpm_[A-Za-z0-9]{36}\\b"), "npm_"),
      new Rule("google-api-key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"), "AIza"),
      new Rule("gcp-service-account", Pattern.compile("\"type\"\\s*:\\s*\"service_account\""), "service_account"));

  /** {@code password: hunter2}-style assignments: only for stored text, too noisy for typing. */
  private static final Rule ASSIGNMENT = new Rule("credential-assignment", Pattern.compile(
      "(?i)\\b(?:password|passwd|passphrase|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret)\\b\\s*[:=]\\s*[\"']?"
          + "([^\\s\"'()\\[\\]{}<>,;]{6,})(?=[\"'\\s,;.]|$)"), "=", ":");

  private SecretScanner() {}

  /** The first secret in {@code text}, or null. {@code assignments} adds {@code password: x} forms. */
  static Finding find(String text, boolean assignments) {
    String t = Text.nfkc(text);
    for (Rule r : TOKENS) {
      if (!PatternRule.containsAny(t, r.needles)) {
        continue;
      }
      Matcher m = r.pattern.matcher(t);
      if (m.find()) {
        return new Finding(r.kind, Text.mask(m.group()));
      }
    }
    if (assignments && PatternRule.containsAny(t, ASSIGNMENT.needles)) {
      Matcher m = ASSIGNMENT.pattern.matcher(t);
      if (m.find()) {
        return new Finding(ASSIGNMENT.kind, Text.mask(m.group(1)));
      }
    }
    return null;
  }
}
