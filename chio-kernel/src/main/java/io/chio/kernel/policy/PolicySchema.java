package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structural schema of one HushSpec file (KERNEL.md section 6), checked before anything is
 * merged or compiled. It owns the policy's shape: top-level keys, which rules blocks and extension
 * slots exist, {@code enabled} flags, {@code velocity} (split between two guards here) and {@code
 * human_in_loop} (read by the kernel, not a guard). The inside of every other block is the config
 * of one guard and is validated by that guard's factory at compile time.
 */
final class PolicySchema {
  static final String VERSION = "0.1.0";

  static final List<String> TOP_LEVEL = List.of("hushspec", "name", "description", "extends", "merge_strategy", "rules", "extensions", "metadata");

  static final List<String> MERGE_STRATEGIES = List.of("replace", "merge", "deep_merge");

  static final List<String> EXTENSION_SLOTS = List.of("detection", "guards");

  static final List<String> DETECTORS = List.of("prompt_injection", "jailbreak");

  static final List<String> VELOCITY_ONLY = List.of("max_invocations_per_window", "max_spend_per_window");
  static final List<String> AGENT_VELOCITY_ONLY = List.of("max_requests_per_agent", "max_requests_per_session");
  static final List<String> VELOCITY_SHARED = List.of("enabled", "window_secs", "burst_factor");

  static final List<String> HUMAN_IN_LOOP = List.of("enabled", "require_confirmation", "approve_above", "approve_above_currency", "timeout_seconds", "on_timeout");

  private final SourceTree tree;
  private final List<PolicyException.Problem> problems = new ArrayList<>();

  private PolicySchema(SourceTree tree) {
    this.tree = tree;
  }

  /** All structural problems in {@code tree}; empty when the file is well-formed. */
  static List<PolicyException.Problem> check(SourceTree tree) {
    PolicySchema s = new PolicySchema(tree);
    s.checkRoot();
    return s.problems;
  }

  private void checkRoot() {
    JsonNode root = tree.root();
    knownKeys(root, "", TOP_LEVEL, "top-level key");
    JsonNode version = root.get("hushspec");
    if (version == null) {
      problem("", "missing required key hushspec; a policy starts with hushspec: \"" + VERSION + "\"");
    } else if (!version.isTextual()) {
      problem("/hushspec", "hushspec must be the string \"" + VERSION + "\" (quote it), got " + Fields.kind(version));
    } else if (!VERSION.equals(version.textValue())) {
      problem("/hushspec", "unsupported hushspec version \"" + version.textValue() + "\"; this loader reads \"" + VERSION + "\"");
    }
    string(root, "", "name");
    string(root, "", "description");
    string(root, "", "extends");
    JsonNode strategy = root.get("merge_strategy");
    if (strategy != null && !(strategy.isTextual() && MERGE_STRATEGIES.contains(strategy.textValue()))) {
      problem("/merge_strategy", "merge_strategy must be one of " + String.join(", ", MERGE_STRATEGIES) + ", got " + show(strategy));
    }
    JsonNode rules = root.get("rules");
    if (rules != null && mapping(rules, "/rules", "rules")) {
      checkRules(rules);
    }
    JsonNode extensions = root.get("extensions");
    if (extensions != null && mapping(extensions, "/extensions", "extensions")) {
      checkExtensions(extensions);
    }
    JsonNode metadata = root.get("metadata");
    if (metadata != null) {
      mapping(metadata, "/metadata", "metadata");
    }
  }

  private void checkRules(JsonNode rules) {
    knownKeys(rules, "/rules", List.copyOf(GuardPipelineOrder.RULE_BLOCKS.keySet()), "rules block");
    for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = "/rules/" + e.getKey();
      if (!GuardPipelineOrder.RULE_BLOCKS.containsKey(e.getKey()) || !mapping(e.getValue(), path, "rules." + e.getKey())) {
        continue;
      }
      enabledFlag(e.getValue(), path);
      if (e.getKey().equals("velocity")) {
        List<String> known = new ArrayList<>(VELOCITY_SHARED);
        known.addAll(VELOCITY_ONLY);
        known.addAll(AGENT_VELOCITY_ONLY);
        knownKeys(e.getValue(), path, known, "key in rules.velocity");
      } else if (e.getKey().equals("human_in_loop")) {
        checkHumanInLoop(e.getValue(), path);
      }
    }
  }

  private void checkHumanInLoop(JsonNode hil, String path) {
    knownKeys(hil, path, HUMAN_IN_LOOP, "key in rules.human_in_loop");
    JsonNode confirm = hil.get("require_confirmation");
    if (confirm != null) {
      stringList(confirm, path + "/require_confirmation", "rules.human_in_loop.require_confirmation");
    }
    unsigned(hil, path, "approve_above");
    unsigned(hil, path, "timeout_seconds");
    string(hil, path, "approve_above_currency");
    JsonNode onTimeout = hil.get("on_timeout");
    if (onTimeout != null && !(onTimeout.isTextual() && (onTimeout.textValue().equals("deny") || onTimeout.textValue().equals("defer")))) {
      problem(path + "/on_timeout", "rules.human_in_loop.on_timeout must be deny or defer, got " + show(onTimeout));
    }
  }

  private void checkExtensions(JsonNode ext) {
    knownKeys(ext, "/extensions", EXTENSION_SLOTS, "extensions key");
    JsonNode detection = ext.get("detection");
    if (detection != null && mapping(detection, "/extensions/detection", "extensions.detection")) {
      knownKeys(detection, "/extensions/detection", DETECTORS, "detector");
      for (String d : DETECTORS) {
        JsonNode block = detection.get(d);
        String path = "/extensions/detection/" + d;
        if (block != null && mapping(block, path, "extensions.detection." + d)) {
          enabledFlag(block, path);
        }
      }
    }
    JsonNode guards = ext.get("guards");
    if (guards != null && mapping(guards, "/extensions/guards", "extensions.guards")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = guards.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = SourceTree.child("/extensions/guards", e.getKey());
        String block = GuardPipelineOrder.blockConfiguring(e.getKey());
        if (block != null) {
          problem(path, "guard \"" + e.getKey() + "\" is configured by " + block + ", not under extensions.guards");
        } else if (mapping(e.getValue(), path, "extensions.guards." + e.getKey())) {
          enabledFlag(e.getValue(), path);
        }
      }
    }
  }

  private void knownKeys(JsonNode obj, String path, List<String> allowed, String what) {
    Set<String> set = Set.copyOf(allowed);
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!set.contains(name)) {
        String near = Suggest.nearest(name, allowed);
        problem(SourceTree.child(path, name), "unknown " + what + " \"" + name + "\""
            + (near == null ? "" : "; did you mean \"" + near + "\"?") + " (allowed: " + String.join(", ", allowed) + ")");
      }
    }
  }

  private boolean mapping(JsonNode n, String path, String what) {
    if (!n.isObject()) {
      problem(path, what + " must be a mapping, got " + Fields.kind(n));
      return false;
    }
    return true;
  }

  private void enabledFlag(JsonNode block, String path) {
    JsonNode enabled = block.get("enabled");
    if (enabled != null && !enabled.isBoolean()) {
      problem(path + "/enabled", "enabled must be true or false, got " + show(enabled));
    }
  }

  private void string(JsonNode parent, String path, String field) {
    JsonNode n = parent.get(field);
    if (n != null && !n.isTextual()) {
      problem(path + "/" + field, field + " must be a string, got " + Fields.kind(n));
    }
  }

  private void unsigned(JsonNode parent, String path, String field) {
    JsonNode n = parent.get(field);
    if (n != null && !(n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0)) {
      problem(path + "/" + field, field + " must be a non-negative integer, got " + show(n));
    }
  }

  private void stringList(JsonNode n, String path, String what) {
    if (!n.isArray()) {
      problem(path, what + " must be a list of strings, got " + Fields.kind(n));
      return;
    }
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        problem(SourceTree.child(path, i), what + "[" + i + "] must be a string, got " + Fields.kind(n.get(i)));
      }
    }
  }

  private void problem(String pointer, String message) {
    problems.add(new PolicyException.Problem(tree.where(pointer), message));
  }

  private static String show(JsonNode n) {
    return n.isValueNode() ? n.toString() : Fields.kind(n);
  }
}
