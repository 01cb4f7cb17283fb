package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chio.core.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The top-level members of a canonical JSON object, each already in canonical form, so that several
 * projections of one document (the hashed body, the signed message, the stored receipt) are
 * assembled by copying bytes instead of canonicalising the document again.
 *
 * <p>Member names must be plain ASCII identifiers (no escaping needed); for those, {@link
 * String#compareTo} is the RFC 8785 UTF-16 order.
 */
final class CanonicalMembers {
  private String[] names = new String[24];
  private byte[][] values = new byte[24][];
  private int size;

  CanonicalMembers put(String name, byte[] canonicalValue) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    int i = size;
    // Insertion keeps the members sorted; receipts have about twenty, so this beats a TreeMap.
    while (i > 0 && names[i - 1].compareTo(name) > 0) {
      names[i] = names[i - 1];
      values[i] = values[i - 1];
      i--;
    }
    if (i > 0 && names[i - 1].equals(name)) {
      throw new IllegalStateException("duplicate member " + name);
    }
    names[i] = name;
    values[i] = canonicalValue;
    size++;
    return this;
  }

  CanonicalMembers putString(String name, String value) {
    return put(name, string(value));
  }

  CanonicalMembers putLong(String name, long value) {
    return put(name, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
  }

  CanonicalMembers putJson(String name, JsonNode value) {
    return put(name, CanonicalJson.bytes(value));
  }

  /** The canonical object of every member except those named in {@code excluded}. */
  byte[] object(String... excluded) {
    int length = 2;
    int count = 0;
    for (int i = 0; i < size; i++) {
      if (!contains(excluded, names[i])) {
        length += names[i].length() + 3 + values[i].length + (count++ > 0 ? 1 : 0);
      }
    }
    byte[] out = new byte[length];
    int p = 0;
    out[p++] = '{';
    boolean first = true;
    for (int i = 0; i < size; i++) {
      if (contains(excluded, names[i])) {
        continue;
      }
      if (!first) {
        out[p++] = ',';
      }
      first = false;
      out[p++] = '"';
      for (int c = 0; c < names[i].length(); c++) {
        out[p++] = (byte) names[i].charAt(c);
      }
      out[p++] = '"';
      out[p++] = ':';
      System.arraycopy(values[i], 0, out, p, values[i].length);
      p += values[i].length;
    }
    out[p] = '}';
    return out;
  }

  /** Canonical JSON string literal. */
  static byte[] string(String value) {
    return CanonicalJson.bytes(TextNode.valueOf(value));
  }

  private static boolean contains(String[] names, String name) {
    for (String n : names) {
      if (n.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
