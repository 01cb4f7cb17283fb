package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Applies a child policy over its (already merged) base, by the child's {@code merge_strategy}.
 *
 * <ul>
 *   <li>{@code replace}: the child stands alone.
 *   <li>{@code merge}: {@code name}, {@code description}, {@code metadata} and each {@code rules}
 *       block come whole from the child when present, else from the base; so do the two extension
 *       slots {@code extensions.detection} and {@code extensions.guards}.
 *   <li>{@code deep_merge} (default): as {@code merge} for the top level and every rules block
 *       (KERNEL.md: a rules block is never mixed from two files), but the extensions are merged
 *       one level further: each detector ({@code prompt_injection}, {@code jailbreak}) and each
 *       {@code extensions.guards.<name>} block is merged field by field, the child's fields
 *       winning. This follows the reference, which deep-merges the detection settings field by
 *       field while keeping rules blocks whole.
 * </ul>
 *
 * {@code extends} never survives into the merged policy; {@code hushspec} and {@code
 * merge_strategy} are the child's.
 */
final class PolicyMerger {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final MergedPolicy base;
  private final SourceTree child;
  private final ObjectNode out = NODES.objectNode();
  private final Map<String, SourceTree> origins = new HashMap<>();

  private PolicyMerger(MergedPolicy base, SourceTree child) {
    this.base = base;
    this.child = child;
  }

  static MergedPolicy single(SourceTree tree) {
    ObjectNode root = tree.root().deepCopy();
    root.remove("extends");
    return new MergedPolicy(root, Map.of("", tree));
  }

  static MergedPolicy merge(MergedPolicy base, SourceTree child) {
    JsonNode strategy = child.root().get("merge_strategy");
    String s = strategy == null ? "deep_merge" : strategy.textValue();
    if (s.equals("replace")) {
      return single(child);
    }
    return new PolicyMerger(base, child).run(s.equals("deep_merge"));
  }

  private MergedPolicy run(boolean deep) {
    origins.put("", child);
    ObjectNode c = child.root();
    ObjectNode b = base.root();
    out.set("hushspec", c.get("hushspec").deepCopy());
    if (c.has("merge_strategy")) {
      out.set("merge_strategy", c.get("merge_strategy").deepCopy());
    }
    for (String key : new String[] {"name", "description", "metadata"}) {
      childElseBase(out, "", key, c, b);
    }
    if (c.has("rules")) {
      ObjectNode rules = out.putObject("rules");
      ObjectNode baseRules = b.has("rules") ? (ObjectNode) b.get("rules") : NODES.objectNode();
      for (String block : union(baseRules, (ObjectNode) c.get("rules"))) {
        childElseBase(rules, "/rules", block, c.get("rules"), baseRules);
      }
    } else {
      fromBase(out, "", "rules");
    }
    if (c.has("extensions")) {
      ObjectNode ext = out.putObject("extensions");
      ObjectNode cExt = (ObjectNode) c.get("extensions");
      ObjectNode bExt = b.has("extensions") ? (ObjectNode) b.get("extensions") : NODES.objectNode();
      for (String slot : PolicySchema.EXTENSION_SLOTS) {
        String path = "/extensions/" + slot;
        if (deep && cExt.has(slot) && bExt.has(slot)) {
          ObjectNode merged = ext.putObject(slot);
          for (String entry : union((ObjectNode) bExt.get(slot), (ObjectNode) cExt.get(slot))) {
            fieldwise(merged, SourceTree.child(path, entry), entry, cExt.get(slot), bExt.get(slot));
          }
        } else {
          childElseBase(ext, "/extensions", slot, cExt, bExt);
        }
      }
    } else {
      fromBase(out, "", "extensions");
    }
    return new MergedPolicy(out, origins);
  }

  /** Merges one object field by field: the child's fields win, the base's fill the rest. */
  private void fieldwise(ObjectNode parent, String path, String name, JsonNode childParent, JsonNode baseParent) {
    JsonNode cn = childParent.get(name);
    JsonNode bn = baseParent.get(name);
    if (cn == null || bn == null || !cn.isObject() || !bn.isObject()) {
      childElseBase(parent, path.substring(0, path.lastIndexOf('/')), name, childParent, baseParent);
      return;
    }
    ObjectNode merged = parent.putObject(name);
    for (String field : union((ObjectNode) bn, (ObjectNode) cn)) {
      childElseBase(merged, path, field, cn, bn);
    }
  }

  private void childElseBase(ObjectNode target, String parentPath, String name, JsonNode childParent, JsonNode baseParent) {
    String path = SourceTree.child(parentPath, name);
    if (childParent != null && childParent.has(name)) {
      target.set(name, childParent.get(name).deepCopy());
      origins.put(path, child);
    } else if (baseParent != null && baseParent.has(name)) {
      target.set(name, baseParent.get(name).deepCopy());
      origins.putAll(base.originsUnder(path));
    }
  }

  private void fromBase(ObjectNode target, String parentPath, String name) {
    childElseBase(target, parentPath, name, null, base.root().at(parentPath));
  }

  private static Set<String> union(ObjectNode first, ObjectNode second) {
    Set<String> names = new LinkedHashSet<>();
    for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    for (Iterator<String> it = second.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
