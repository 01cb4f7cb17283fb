package io.chio.kernel.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of untrusted tool arguments. A listed key holding a non-string is malformed. */
public final class Arguments {
  private Arguments() {}

  /** The first of {@code keys} present, as a string; null if none present. */
  public static String string(JsonNode args, String... keys) throws MalformedArgumentException {
    for (String k : keys) {
      JsonNode v = args.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isTextual()) {
        throw new MalformedArgumentException(k, "argument \"" + k + "\" must be a string, got " + Fields.kind(v));
      }
      return v.textValue();
    }
    return null;
  }

  /** True when any of {@code keys} is present (even with a wrong type). */
  public static boolean has(JsonNode args, String... keys) {
    for (String k : keys) {
      JsonNode v = args.get(k);
      if (v != null && !v.isNull()) {
        return true;
      }
    }
    return false;
  }

  /** Every string anywhere in the arguments (values and nested values, not keys), depth-first. */
  public static List<String> allStrings(JsonNode args) {
    List<String> out = new ArrayList<>();
    collect(args, out);
    return out;
  }

  // Recursion depth is bounded by the parser's nesting limit (Json.MAX_DEPTH).
  private static void collect(JsonNode n, List<String> out) {
    if (n.isTextual()) {
      out.add(n.textValue());
    } else if (n.isContainerNode()) {
      for (JsonNode c : n) {
        collect(c, out);
      }
    }
  }
}
