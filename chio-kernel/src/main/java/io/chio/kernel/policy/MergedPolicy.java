package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A policy after {@code extends} is resolved: one JSON tree, plus which file each part came from
 * so that compile errors can still point at {@code file:line:column}.
 */
final class MergedPolicy {
  private final ObjectNode root;
  private final TreeMap<String, SourceTree> origins;

  MergedPolicy(ObjectNode root, Map<String, SourceTree> origins) {
    this.root = root;
    this.origins = new TreeMap<>(origins);
  }

  ObjectNode root() {
    return root;
  }

  JsonNode at(String pointer) {
    JsonNode n = root.at(pointer);
    return n.isMissingNode() ? null : n;
  }

  /** The file a pointer's content came from. */
  SourceTree origin(String pointer) {
    String p = pointer;
    while (true) {
      SourceTree t = origins.get(p);
      if (t != null) {
        return t;
      }
      if (p.isEmpty()) {
        throw new IllegalStateException("no origin recorded for the policy root");
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  String where(String pointer) {
    return origin(pointer).where(pointer);
  }

  /** Origins recorded at or below {@code pointer}, including the one covering it. */
  Map<String, SourceTree> originsUnder(String pointer) {
    Map<String, SourceTree> out = new TreeMap<>();
    out.put(pointer, origin(pointer));
    for (Map.Entry<String, SourceTree> e : origins.tailMap(pointer + "/").entrySet()) {
      if (!e.getKey().startsWith(pointer + "/")) {
        break;
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}
