package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Strict field readers shared by the capability parsers.
 *
 * <p>Keys, signatures and hashes must be lowercase hex without a {@code 0x} prefix. WIRE.md lets
 * parsers accept a prefix; we deliberately do not, so that two different byte strings can never
 * parse to the same signed token (no malleability, and the byte-keyed cache stays exact).
 */
final class Wire {
  static final long U32_MAX = 0xFFFF_FFFFL;

  private Wire() {}

  static String lowerHex(JsonNode n, int bytes, String path) {
    String s = Fields.asText(n, path);
    if ((s.length() & 1) != 0) {
      throw new ChioFormatException(path + ": odd-length hex (" + s.length() + " characters)");
    }
    if (s.length() != 2 * bytes) {
      throw new ChioFormatException(
          path + ": expected " + bytes + " bytes (" + 2 * bytes + " hex characters), got " + s.length() / 2);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new ChioFormatException(path + ": expected lowercase hex, found '" + c + "' at position " + i);
      }
    }
    return s;
  }

  static Ed25519PublicKey key(JsonNode parent, String field, String path) {
    String p = path + "." + field;
    return Ed25519PublicKey.fromHex(lowerHex(required(parent, field, path), Ed25519PublicKey.LENGTH, p), p);
  }

  static Ed25519Signature signature(JsonNode n, String path) {
    return Ed25519Signature.fromHex(lowerHex(n, Ed25519Signature.LENGTH, path), path);
  }

  static String sha256Hex(JsonNode n, String path) {
    return lowerHex(n, 32, path);
  }

  static JsonNode required(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null) {
      throw new ChioFormatException(path + "." + field + ": required field is missing");
    }
    return n;
  }

  static long u32(JsonNode n, String path) {
    long v = Fields.asU63(n, path);
    if (v > U32_MAX) {
      throw new ChioFormatException(path + ": integer " + v + " is too large (max " + U32_MAX + ")");
    }
    return v;
  }

  static String nonEmptyText(JsonNode parent, String field, String path) {
    String s = Fields.text(parent, field, path);
    if (s.isEmpty()) {
      throw new ChioFormatException(path + "." + field + ": must not be empty");
    }
    return s;
  }

  static List<String> stringList(JsonNode n, String path) {
    if (n == null || !n.isArray()) {
      throw Fields.wrong(path, "an array of strings", n);
    }
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      out.add(Fields.asText(n.get(i), path + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  /** Reads an optional list; absent gives an empty list. */
  static <T> List<T> optList(JsonNode parent, String field, String path, BiFunction<JsonNode, String, T> item) {
    ArrayNode arr = Fields.optArray(parent, field, path);
    if (arr == null) {
      return List.of();
    }
    return list(arr, path + "." + field, item);
  }

  static <T> List<T> list(JsonNode parent, String field, String path, BiFunction<JsonNode, String, T> item) {
    return list(Fields.array(parent, field, path), path + "." + field, item);
  }

  private static <T> List<T> list(ArrayNode arr, String path, BiFunction<JsonNode, String, T> item) {
    List<T> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      out.add(item.apply(arr.get(i), path + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode a = Json.mapper().createArrayNode();
    values.forEach(a::add);
    return a;
  }

  /** Wire-named enums: parse by exact snake_case name. */
  interface Named {
    String wireName();
  }

  static <E extends Enum<E> & Named> E named(Class<E> type, JsonNode n, String path) {
    String s = Fields.asText(n, path);
    for (E e : type.getEnumConstants()) {
      if (e.wireName().equals(s)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : "|").append(e.wireName());
    }
    throw new ChioFormatException(path + ": unknown value \"" + s + "\" (expected " + allowed + ")");
  }
}
