package io.chio.kernel.guards.net;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.CanonicalJson;
import java.util.Iterator;
import java.util.Map;

/**
 * The byte length of a JSON tree's RFC 8785 canonical form ({@link CanonicalJson#bytes}), counted
 * without building it, and stopping as soon as a limit is passed, so a 100 MiB argument costs a
 * partial walk instead of a 100 MiB buffer. Member order does not change the length.
 */
final class CanonicalSize {
  private CanonicalSize() {}

  /**
   * The canonical length, or some value greater than {@code limit} once the limit is passed.
   *
   * @throws io.chio.core.ChioFormatException for trees that have no canonical form (lone
   *     surrogates, non-finite or out-of-range numbers), as {@link CanonicalJson} would
   */
  static long of(JsonNode node, long limit) {
    return add(node, 0, limit);
  }

  private static long add(JsonNode n, long acc, long limit) {
    if (acc > limit) {
      return acc;
    }
    switch (n.getNodeType()) {
      case OBJECT -> {
        acc += 2 + Math.max(0, n.size() - 1);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext() && acc <= limit; ) {
          Map.Entry<String, JsonNode> e = it.next();
          acc += stringLength(e.getKey()) + 1;
          acc = add(e.getValue(), acc, limit);
        }
        return acc;
      }
      case ARRAY -> {
        acc += 2 + Math.max(0, n.size() - 1);
        for (int i = 0; i < n.size() && acc <= limit; i++) {
          acc = add(n.get(i), acc, limit);
        }
        return acc;
      }
      case STRING -> {
        return acc + stringLength(n.textValue());
      }
      case BOOLEAN -> {
        return acc + (n.booleanValue() ? 4 : 5);
      }
      case NULL -> {
        return acc + 4;
      }
      case NUMBER -> {
        if (n.isInt() || n.isLong() || n.isShort()) {
          return acc + digits(n.longValue());
        }
        // Rare: exact big integers and floating point follow CanonicalJson's own formatting.
        return acc + CanonicalJson.bytes(n).length;
      }
      default -> {
        return acc + CanonicalJson.bytes(n).length;
      }
    }
  }

  private static int digits(long v) {
    if (v == Long.MIN_VALUE) {
      return 20;
    }
    int d = v < 0 ? 2 : 1;
    long x = Math.abs(v);
    while (x >= 10) {
      x /= 10;
      d++;
    }
    return d;
  }

  // Quotes plus escaped UTF-8 content, exactly as CanonicalJson.writeString emits it.
  private static long stringLength(String s) {
    long len = 2;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
          len += 2;
        } else if (c < 0x20) {
          len += 6;
        } else {
          len += 1;
        }
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new io.chio.core.ChioFormatException("string contains a lone UTF-16 surrogate (U+" + Integer.toHexString(c) + ")");
      } else {
        len += 3;
      }
    }
    return len;
  }
}
