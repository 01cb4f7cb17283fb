package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A policy document as a JSON tree plus the source position of every object member and array
 * element, keyed by JSON pointer ({@code /rules/egress/allow/0}).
 */
final class SourceTree {
  private final String source;
  private final ObjectNode root;
  private final Map<String, String> positions;

  SourceTree(String source, ObjectNode root, Map<String, String> positions) {
    this.source = source;
    this.root = root;
    this.positions = Map.copyOf(positions);
  }

  String source() {
    return source;
  }

  ObjectNode root() {
    return root;
  }

  /** {@code file:line:column} of the node at {@code pointer}, or of its nearest ancestor that has one. */
  String where(String pointer) {
    String p = pointer;
    while (true) {
      String pos = positions.get(p);
      if (pos != null) {
        return source + ":" + pos;
      }
      int slash = p.lastIndexOf('/');
      if (slash <= 0) {
        return source + ":1:1";
      }
      p = p.substring(0, slash);
    }
  }

  JsonNode at(String pointer) {
    return root.at(pointer);
  }

  static String child(String pointer, String name) {
    return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
