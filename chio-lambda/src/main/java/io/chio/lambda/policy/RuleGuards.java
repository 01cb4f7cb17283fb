package io.chio.lambda.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns a rule's guard names into the HushSpec policy the kernel compiles for that rule. The
 * seed's names map onto kernel guards:
 *
 * <ul>
 *   <li>{@code rate-limit}: {@code agent-velocity} per (agent, identity), config {@code
 *       max_requests} (default 100) per {@code window_secs} (default 60);
 *   <li>{@code pii-filter}: denies arguments that carry PII (SSN, card, email, phone);
 *   <li>{@code approval-required}: every call returns {@code pending_approval} until a human
 *       approves it;
 *   <li>any kernel guard by its catalog name (e.g. {@code prompt-injection}, {@code
 *       forbidden-path}), config as in {@code docs/guards/}.
 * </ul>
 */
public final class RuleGuards {
  /** Catalog guards configured by a rules block, by guard name. */
  private static final Map<String, String> RULE_BLOCKS = Map.ofEntries(
      Map.entry("mcp-tool", "tool_access"), Map.entry("forbidden-path", "forbidden_paths"),
      Map.entry("path-allowlist", "path_allowlist"), Map.entry("shell-command", "shell_commands"),
      Map.entry("egress-allowlist", "egress"), Map.entry("secret-leak", "secret_patterns"),
      Map.entry("patch-integrity", "patch_integrity"), Map.entry("code-execution", "code_execution"),
      Map.entry("browser-automation", "browser_automation"), Map.entry("computer-use", "computer_use"),
      Map.entry("remote-desktop-side-channel", "remote_desktop_channels"),
      Map.entry("input-injection-capability", "input_injection"));
  private static final Map<String, String> DETECTION = Map.of("prompt-injection", "prompt_injection", "jailbreak", "jailbreak");
  private static final Set<String> EXTENSION_GUARDS =
      Set.of("internal-network", "sql-query", "memory-governance", "content-review", "response-sanitization");
  private static final Set<String> RATE_LIMIT_KEYS = Set.of("max_requests", "window_secs");

  private RuleGuards() {}

  /** Null when {@code ref} names a known guard with a config of the right shape, else the problem. */
  static String check(Rule.GuardRef ref) {
    String n = ref.name();
    switch (n) {
      case "rate-limit" -> {
        if (ref.config() != null) {
          for (Iterator<Map.Entry<String, JsonNode>> it = ref.config().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!RATE_LIMIT_KEYS.contains(e.getKey())) {
              return "rate-limit has no setting \"" + e.getKey() + "\"; use max_requests and window_secs";
            }
            if (!e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber() || e.getValue().longValue() < 1) {
              return "rate-limit " + e.getKey() + " must be a positive integer";
            }
          }
        }
        return null;
      }
      case "pii-filter", "approval-required" -> {
        return ref.config() == null || ref.config().isEmpty() ? null : n + " takes no settings";
      }
      default -> {
        if (RULE_BLOCKS.containsKey(n) || DETECTION.containsKey(n) || EXTENSION_GUARDS.contains(n) || "velocity".equals(n)
            || "agent-velocity".equals(n)) {
          return null;
        }
        return "unknown guard \"" + n + "\"; use rate-limit, pii-filter, approval-required or a kernel guard name ("
            + String.join(", ", new java.util.TreeSet<>(allKernelNames())) + ")";
      }
    }
  }

  private static Set<String> allKernelNames() {
    Set<String> s = new java.util.HashSet<>(RULE_BLOCKS.keySet());
    s.addAll(DETECTION.keySet());
    s.addAll(EXTENSION_GUARDS);
    s.add("velocity");
    s.add("agent-velocity");
    return s;
  }

  /**
   * The HushSpec document for {@code rule}'s guards (null: the policy-default kernel). It depends on
   * the guards only, so rules with the same guards share one compiled kernel; its metadata names
   * the Lambda policy's hash, so the policy hash in every receipt commits to the whole file.
   */
  public static ObjectNode hushSpec(LambdaPolicy policy, Rule rule) {
    ObjectNode doc = Json.object().put("hushspec", "0.1.0").put("name", "chio-lambda");
    ObjectNode rules = doc.putObject("rules");
    ObjectNode ext = doc.putObject("extensions");
    if (rule != null) {
      for (Rule.GuardRef g : rule.guards()) {
        add(rules, ext, g);
      }
    }
    doc.putObject("metadata").put("chio_lambda_policy_hash", policy.sourceHash());
    return doc;
  }

  private static void add(ObjectNode rules, ObjectNode ext, Rule.GuardRef g) {
    ObjectNode cfg = g.config() == null ? Json.object() : ((ObjectNode) g.config()).deepCopy();
    switch (g.name()) {
      case "rate-limit" -> {
        ObjectNode v = rules.putObject("velocity").put("enabled", true);
        v.put("max_requests_per_session", cfg.path("max_requests").asLong(100));
        v.put("window_secs", cfg.path("window_secs").asLong(60));
      }
      case "pii-filter" -> ext.with("guards").set(PiiFilterGuard.NAME, Json.object());
      case "approval-required" -> rules.putObject("human_in_loop").put("enabled", true).putArray("require_confirmation").add("*");
      case "velocity", "agent-velocity" -> rules.set("velocity", cfg.put("enabled", true));
      default -> {
        String block = RULE_BLOCKS.get(g.name());
        if (block != null) {
          rules.set(block, cfg.put("enabled", true));
        } else if (DETECTION.containsKey(g.name())) {
          ext.with("detection").set(DETECTION.get(g.name()), cfg.put("enabled", true));
        } else {
          ext.with("guards").set(g.name(), cfg);
        }
      }
    }
  }
}
