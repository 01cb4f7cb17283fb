package io.chio.kernel.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each catalog guard is configured in a policy, whether it runs when its block is absent,
 * and the order the pipeline runs in.
 *
 * <p>Order: the tool-identity check first (cheapest, and it decides whether the tool may be called
 * at all), then the action-specific guards (filesystem, shell, network, content written, agent
 * surfaces, data stores), then the scored detectors (most expensive), and the rate limiters last
 * so that a call denied by any other guard does not use up a rate window.
 *
 * <p>On by default (run with their built-in defaults when the policy has no block for them):
 * mcp-tool, forbidden-path, shell-command, egress-allowlist, internal-network, secret-leak,
 * patch-integrity and the response guard response-sanitization: the baseline that stops the
 * common catastrophic calls (secret files, destructive shell, SSRF, secrets written out) without
 * needing per-deployment knowledge. Everything else needs its block.
 */
final class GuardPipelineOrder {
  /** One guard's place: its config lives at {@code pointer} in the merged policy. */
  record Slot(String guard, String pointer, boolean onByDefault) {}

  static final List<Slot> PRE_INVOCATION = List.of(
      new Slot("mcp-tool", "/rules/tool_access", true),
      new Slot("forbidden-path", "/rules/forbidden_paths", true),
      new Slot("path-allowlist", "/rules/path_allowlist", false),
      new Slot("shell-command", "/rules/shell_commands", true),
      new Slot("egress-allowlist", "/rules/egress", true),
      new Slot("internal-network", "/extensions/guards/internal-network", true),
      new Slot("secret-leak", "/rules/secret_patterns", true),
      new Slot("patch-integrity", "/rules/patch_integrity", true),
      new Slot("code-execution", "/rules/code_execution", false),
      new Slot("browser-automation", "/rules/browser_automation", false),
      new Slot("computer-use", "/rules/computer_use", false),
      new Slot("remote-desktop-side-channel", "/rules/remote_desktop_channels", false),
      new Slot("input-injection-capability", "/rules/input_injection", false),
      new Slot("sql-query", "/extensions/guards/sql-query", false),
      new Slot("memory-governance", "/extensions/guards/memory-governance", false),
      new Slot("content-review", "/extensions/guards/content-review", false),
      new Slot("prompt-injection", "/extensions/detection/prompt_injection", false),
      new Slot("jailbreak", "/extensions/detection/jailbreak", false),
      new Slot("velocity", "/rules/velocity", false),
      new Slot("agent-velocity", "/rules/velocity", false));

  static final List<Slot> POST_INVOCATION = List.of(new Slot("response-sanitization", "/extensions/guards/response-sanitization", true));

  /** rules block -> the guard(s) it configures, as text for messages; human_in_loop configures the kernel. */
  static final Map<String, String> RULE_BLOCKS;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("forbidden_paths", "forbidden-path");
    m.put("path_allowlist", "path-allowlist");
    m.put("egress", "egress-allowlist");
    m.put("secret_patterns", "secret-leak");
    m.put("patch_integrity", "patch-integrity");
    m.put("shell_commands", "shell-command");
    m.put("tool_access", "mcp-tool");
    m.put("computer_use", "computer-use");
    m.put("remote_desktop_channels", "remote-desktop-side-channel");
    m.put("input_injection", "input-injection-capability");
    m.put("browser_automation", "browser-automation");
    m.put("code_execution", "code-execution");
    m.put("velocity", "velocity, agent-velocity");
    m.put("human_in_loop", "approvals");
    RULE_BLOCKS = java.util.Collections.unmodifiableMap(m);
  }

  private GuardPipelineOrder() {}

  /**
   * The policy location that configures {@code guard} when it is not {@code extensions.guards},
   * e.g. {@code rules.forbidden_paths}; null for guards configured under {@code extensions.guards}
   * and for names that are not guards at all.
   */
  static String blockConfiguring(String guard) {
    for (Slot s : PRE_INVOCATION) {
      if (s.guard().equals(guard) && !s.pointer().startsWith("/extensions/guards/")) {
        return s.pointer().substring(1).replace('/', '.');
      }
    }
    return null;
  }
}
