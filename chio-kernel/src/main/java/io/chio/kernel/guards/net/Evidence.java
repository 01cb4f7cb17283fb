package io.chio.kernel.guards.net;

/** Formatting of untrusted text for deny reasons and receipt evidence. */
final class Evidence {
  private static final int MAX_QUOTED = 80;

  private Evidence() {}

  /** {@code "text"}, clipped to 80 characters, control characters shown as {@code \\uXXXX}. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_QUOTED) + 5);
    sb.append('"');
    int n = Math.min(s.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (s.length() > MAX_QUOTED) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  /** A secret shown as its first 4 and last 4 characters; anything shorter than 12 is fully masked. */
  static String mask(String secret) {
    if (secret.length() < 12) {
      return "*".repeat(Math.max(4, secret.length()));
    }
    return secret.substring(0, 4) + "..." + secret.substring(secret.length() - 4) + " (" + secret.length() + " chars)";
  }
}
