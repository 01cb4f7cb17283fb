package io.chio.kernel.scope;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Every string value in a call's arguments with the name of the object member it sits under. */
final class StringLeaves {
  record Leaf(String key, String value) {}

  private StringLeaves() {}

  static List<Leaf> of(JsonNode arguments) {
    List<Leaf> out = new ArrayList<>();
    collect(arguments, null, out);
    return out;
  }

  // Depth is bounded by the strict JSON parser's nesting limit.
  private static void collect(JsonNode n, String key, List<Leaf> out) {
    if (n.isTextual()) {
      out.add(new Leaf(key, n.textValue()));
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        collect(c, key, out);
      }
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(e.getValue(), e.getKey(), out);
      }
    }
  }
}
