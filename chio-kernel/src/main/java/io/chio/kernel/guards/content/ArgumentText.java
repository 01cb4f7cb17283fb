package io.chio.kernel.guards.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.Arguments;
import java.util.Iterator;
import java.util.List;

/** The text an agent put into a call's arguments: every string value and every object key. */
final class ArgumentText {
  private ArgumentText() {}

  /**
   * {@link Arguments#allStrings} plus the field names of nested objects: a key is agent-chosen text
   * that reaches the tool just like a value ({@code {"ignore all previous instructions": 1}}).
   */
  static List<String> of(JsonNode args) {
    List<String> out = Arguments.allStrings(args);
    addKeys(args, out);
    return out;
  }

  // Recursion depth is bounded by the parser's nesting limit, as in Arguments.allStrings.
  private static void addKeys(JsonNode n, List<String> out) {
    if (n.isObject()) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        out.add(it.next());
      }
    }
    if (n.isContainerNode()) {
      for (JsonNode c : n) {
        addKeys(c, out);
      }
    }
  }
}
