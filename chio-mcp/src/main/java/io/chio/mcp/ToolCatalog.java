package io.chio.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * What the relay knows of the server's tools: name to annotations, learned from the server's own
 * {@code tools/list} answers. Annotations are the server's hints and are passed to the policy as
 * such (a hostile server can lie about {@code readOnlyHint}; guards still see the arguments).
 * Guarded by the relay's lock.
 */
final class ToolCatalog {
  private Map<String, JsonNode> tools = new HashMap<>();
  private Map<String, JsonNode> building = new HashMap<>();
  private boolean complete;

  /** True once a full listing has been read. */
  boolean complete() {
    return complete;
  }

  boolean knows(String name) {
    return tools.containsKey(name);
  }

  /** The tool's annotations object, or null when it has none. */
  JsonNode annotations(String name) {
    JsonNode a = tools.get(name);
    return a == null || a.isMissingNode() || a.isNull() ? null : a;
  }

  /** Adds one page of a listing being rebuilt (the relay's own paginated fetch). */
  void addPage(JsonNode toolsArray) {
    collect(toolsArray, building);
  }

  /** The rebuilt listing replaces the old one. */
  void finishListing() {
    tools = building;
    building = new HashMap<>();
    complete = true;
  }

  /** Tools seen in a listing the client asked for are known too (it may list before we do). */
  void merge(JsonNode toolsArray) {
    collect(toolsArray, tools);
  }

  private static void collect(JsonNode toolsArray, Map<String, JsonNode> into) {
    if (toolsArray == null || !toolsArray.isArray()) {
      return;
    }
    for (JsonNode t : toolsArray) {
      JsonNode name = t.get("name");
      if (name != null && name.isTextual()) {
        into.put(name.textValue(), t.path("annotations").deepCopy());
      }
    }
  }
}
