package io.chio.protect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns a presented capability ({@code X-Chio-Capability} value or {@code chio_capability}
 * parameter) into the token's JSON bytes: the JSON itself, or base64url of it (padding optional).
 */
final class PresentedCapability {
  private PresentedCapability() {}

  /** The token JSON bytes, or null when the value is neither JSON nor base64url. */
  static byte[] jsonBytes(String presented) {
    String v = presented.strip();
    if (v.startsWith("{")) {
      return v.getBytes(StandardCharsets.UTF_8);
    }
    try {
      byte[] decoded = Base64.getUrlDecoder().decode(v);
      return decoded.length > 0 && decoded[0] == '{' ? decoded : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
