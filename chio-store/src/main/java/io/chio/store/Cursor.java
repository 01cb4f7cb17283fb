package io.chio.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque paging cursor: the last seq already returned. Encoded so callers don't build or edit
 * cursors by hand; a cursor is only meaningful for the same filter.
 */
final class Cursor {
  private static final String PREFIX = "after:";

  private Cursor() {}

  static String encode(long afterSeq) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + afterSeq).getBytes(StandardCharsets.US_ASCII));
  }

  /** Returns the seq after which the next page starts; 0 for a null cursor. */
  static long decode(String cursor) {
    if (cursor == null) {
      return 0;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw invalid(cursor);
    }
    if (!text.startsWith(PREFIX) || !text.substring(PREFIX.length()).matches("\\d{1,18}")) {
      throw invalid(cursor);
    }
    return Long.parseLong(text.substring(PREFIX.length()));
  }

  private static IllegalArgumentException invalid(String cursor) {
    return new IllegalArgumentException("invalid cursor '" + cursor + "': pass back a cursor printed by a previous list");
  }
}
