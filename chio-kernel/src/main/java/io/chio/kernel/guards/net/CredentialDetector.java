package io.chio.kernel.guards.net;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises credentials about to be typed into a web page: fields that look like password, card,
 * token or one-time-code inputs, and text that looks like a secret (provider key formats, PEM
 * private keys, JWTs, {@code password=...} assignments, Luhn-valid card numbers, long
 * high-entropy tokens). All patterns are compiled once. Immutable.
 */
final class CredentialDetector {
  /** A secret found in text; {@code masked} is safe for evidence (first 4 + last 4 characters). */
  record Finding(String kind, String masked) {}

  private static final Pattern SENSITIVE_FIELD =
      Pattern.compile(
          "(?<![a-z])(pass(word|wd|phrase|code)?|pwd|pin|secret|api[ _-]?key|(access|auth|bearer)[ _-]?token|token|otp|totp|2fa|mfa"
              + "|one[ _-]?time[ _-]?(code|password)|cvv|cvc|csc|security[ _-]?code|card[ _-]?number|cc[ _-]?(num|number|csc|exp)"
              + "|credit[ _-]?card|ssn)(?![a-z])");

  private static final List<Named> BUILTIN =
      List.of(
          named("AWS access key", "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
          named("GitHub token", "\\bgh[pousr]_[A-Za-z0-9]{36,}\\b|\\bgithub_pat_[A-Za-z0-9_]{22,}"),
          named("GitLab token", "\\bglpat-[A-Za-z0-9_-]{20,}"),
          named("Slack token", "\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
          named("Stripe key", "\\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"),
          named("OpenAI/Anthropic key", "\\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}"),
          named("Google API key", "\\bAIza[0-9A-Za-z_-]{35}"),
          named("npm token", "\\bnpm_[A-Za-z0-9]{36}\\b"),
          named("JWT", "\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
          named("private key", "-----BEGIN [A-Z ]*PRIVATE KEY-----"),
          named("credential assignment", "(?i)\\b(?:password|passwd|pwd|secret|api[_-]?key|token)\\b\\s*[:=]\\s*\\S{6,}"),
          named("bearer token", "(?i)\\bbearer\\s+[A-Za-z0-9._~+/-]{16,}"));

  private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");
  private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9+/=_-]{24,}");

  private final List<Named> extra;

  private record Named(String kind, Pattern pattern) {}

  private static Named named(String kind, String regex) {
    return new Named(kind, Pattern.compile(regex));
  }

  CredentialDetector(List<Pattern> extraPatterns) {
    List<Named> e = new ArrayList<>();
    for (Pattern p : extraPatterns) {
      e.add(new Named("configured credential pattern", p));
    }
    this.extra = List.copyOf(e);
  }

  /** True when a selector, label or field name looks like a password, card or token input. */
  static boolean isSensitiveField(String descriptor) {
    return SENSITIVE_FIELD.matcher(descriptor.toLowerCase(java.util.Locale.ROOT)).find();
  }

  /** The first secret-looking span in {@code text}, or null. */
  Finding findSecret(String text) {
    for (Named n : BUILTIN) {
      Matcher m = n.pattern().matcher(text);
      if (m.find()) {
        return new Finding(n.kind(), Evidence.mask(m.group()));
      }
    }
    for (Named n : extra) {
      Matcher m = n.pattern().matcher(text);
      if (m.find()) {
        return new Finding(n.kind(), Evidence.mask(m.group()));
      }
    }
    Matcher card = CARD_CANDIDATE.matcher(text);
    while (card.find()) {
      String digits = card.group().replace(" ", "").replace("-", "");
      if (digits.length() >= 13 && luhn(digits)) {
        return new Finding("payment card number", Evidence.mask(digits));
      }
    }
    for (String word : text.split("\\s+")) {
      if (TOKEN_SHAPE.matcher(word).matches() && mixedClasses(word) && entropy(word) >= 4.0) {
        return new Finding("high-entropy token", Evidence.mask(word));
      }
    }
    return null;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static boolean mixedClasses(String s) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower && digit;
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String s) {
    int[] counts = new int[128];
    for (int i = 0; i < s.length(); i++) {
      counts[s.charAt(i) & 0x7f]++;
    }
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / s.length();
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    return h;
  }
}
