package io.chio.govern;

import java.util.Locale;

/** What a policy does with a PII type it finds: let it through, redact it (decision {@code modify}) or block the payload. */
public enum PiiAction {
  ALLOW,
  REDACT,
  BLOCK;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static PiiAction parse(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "allow" -> ALLOW;
      case "redact" -> REDACT;
      case "block" -> BLOCK;
      default -> throw new IllegalArgumentException("action must be allow, redact or block, got \"" + s + "\"");
    };
  }
}
