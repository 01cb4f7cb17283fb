package io.chio.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Set;

/**
 * Typed reads from a JSON object with one-line errors that name the field ({@code
 * capability.scope.grants[0].max_invocations: expected an unsigned integer, got string}).
 */
public final class Fields {
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Fields() {}

  public static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> n.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  public static ObjectNode object(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isObject()) {
      throw wrong(path + "." + field, "an object", n);
    }
    return (ObjectNode) n;
  }

  public static ObjectNode asObject(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw wrong(path, "an object", n);
    }
    return (ObjectNode) n;
  }

  public static ArrayNode array(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isArray()) {
      throw wrong(path + "." + field, "an array", n);
    }
    return (ArrayNode) n;
  }

  /** An optional array: absent gives null; present but not an array is an error. */
  public static ArrayNode optArray(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw wrong(path + "." + field, "an array", n);
    }
    return (ArrayNode) n;
  }

  public static String text(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isTextual()) {
      throw wrong(path + "." + field, "a string", n);
    }
    return n.textValue();
  }

  public static String optText(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw wrong(path + "." + field, "a string", n);
    }
    return n.textValue();
  }

  public static String asText(JsonNode n, String path) {
    if (n == null || !n.isTextual()) {
      throw wrong(path, "a string", n);
    }
    return n.textValue();
  }

  public static boolean bool(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isBoolean()) {
      throw wrong(path + "." + field, "a boolean", n);
    }
    return n.booleanValue();
  }

  public static Boolean optBool(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null) {
      return null;
    }
    if (!n.isBoolean()) {
      throw wrong(path + "." + field, "a boolean", n);
    }
    return n.booleanValue();
  }

  /** An unsigned integer that fits a Java long (timestamps, counters). */
  public static long u63(JsonNode parent, String field, String path) {
    return asU63(required(parent, field, path), path + "." + field);
  }

  public static Long optU63(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    return n == null ? null : asU63(n, path + "." + field);
  }

  public static long asU63(JsonNode n, String path) {
    if (n == null || !n.isIntegralNumber()) {
      throw wrong(path, "an unsigned integer", n);
    }
    BigInteger v = n.bigIntegerValue();
    if (v.signum() < 0) {
      throw new ChioFormatException(path + ": expected an unsigned integer, got " + v);
    }
    if (v.compareTo(LONG_MAX) > 0) {
      throw new ChioFormatException(path + ": integer " + v + " is too large (max " + Long.MAX_VALUE + ")");
    }
    return v.longValue();
  }

  /** Rejects any member not in {@code allowed}: unknown fields in signed documents are errors. */
  public static void onlyKnown(JsonNode obj, Set<String> allowed, String path) {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new ChioFormatException(path + ": unknown field \"" + name + "\"");
      }
    }
  }

  private static JsonNode required(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null) {
      throw new ChioFormatException(path + "." + field + ": required field is missing");
    }
    return n;
  }

  public static ChioFormatException wrong(String path, String expected, JsonNode got) {
    return new ChioFormatException(path + ": expected " + expected + ", got " + kind(got));
  }
}
