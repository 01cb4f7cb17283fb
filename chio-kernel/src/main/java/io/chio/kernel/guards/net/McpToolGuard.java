package io.chio.kernel.guards.net;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.ChioFormatException;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.List;
import java.util.Set;

/**
 * {@code mcp-tool}: which tools may be invoked at all, by name, whatever the call's action kind
 * (a blocked {@code shell_exec} is blocked even though it classifies as a shell call). HushSpec
 * block {@code rules.tool_access}.
 *
 * <p>Decision, in order: canonical-JSON arguments over {@code max_args_size} bytes are denied; a
 * name matching {@code block} is denied; with a non-empty {@code allow}, a name not matching it
 * is denied; a name matching {@code require_confirmation} needs human approval (pending); else
 * {@code default} decides when {@code allow} is empty (a name on a non-empty allow list is
 * allowed).
 *
 * <p>Matching: exact names and globs ({@code *}, {@code ?}). {@code block} and {@code
 * require_confirmation} compare loosely (NFKC, invisible characters and {@code _ - .} removed,
 * case-insensitive) so look-alike spellings cannot slip past; {@code allow} compares exactly so a
 * look-alike is never admitted.
 *
 * <p>Config (absent key = default; a present list replaces the default):
 *
 * <ul>
 *   <li>{@code enabled} (true)
 *   <li>{@code allow}: default empty (no allow list)
 *   <li>{@code block}: default {@link #DEFAULT_BLOCK}
 *   <li>{@code require_confirmation}: default empty
 *   <li>{@code default}: {@code allow} (default) or {@code block}
 *   <li>{@code max_args_size}: bytes, default 1048576 (1 MiB)
 * </ul>
 */
public final class McpToolGuard implements Guard {
  public static final String NAME = "mcp-tool";
  public static final List<String> DEFAULT_BLOCK = List.of("shell_exec", "run_command", "raw_file_write", "raw_file_delete");
  public static final long DEFAULT_MAX_ARGS_SIZE = 1024L * 1024L;

  private static final Set<String> KEYS = Set.of("enabled", "allow", "block", "require_confirmation", "default", "max_args_size");

  private final boolean enabled;
  private final ToolNamePatterns allow;
  private final ToolNamePatterns block;
  private final ToolNamePatterns confirm;
  private final boolean defaultAllow;
  private final long maxArgsSize;

  private McpToolGuard(boolean enabled, ToolNamePatterns allow, ToolNamePatterns block, ToolNamePatterns confirm, boolean defaultAllow, long maxArgsSize) {
    this.enabled = enabled;
    this.allow = allow;
    this.block = block;
    this.confirm = confirm;
    this.defaultAllow = defaultAllow;
    this.maxArgsSize = maxArgsSize;
  }

  public static McpToolGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader c = ConfigReader.of(NAME, config, KEYS);
    return new McpToolGuard(
        c.bool("enabled", true),
        ToolNamePatterns.exact(c.strings("allow", List.of())),
        ToolNamePatterns.folded(c.strings("block", DEFAULT_BLOCK)),
        ToolNamePatterns.folded(c.strings("require_confirmation", List.of())),
        c.choice("default", "allow", Set.of("allow", "block")).equals("allow"),
        c.positive("max_args_size", DEFAULT_MAX_ARGS_SIZE));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return GuardResult.allow("disabled");
    }
    String tool = context.call().toolName();
    long size;
    try {
      size = CanonicalSize.of(context.call().arguments(), maxArgsSize);
    } catch (ChioFormatException e) {
      return GuardResult.deny("arguments have no canonical JSON form: " + e.getMessage());
    }
    if (size > maxArgsSize) {
      return GuardResult.deny("arguments exceed max_args_size (" + maxArgsSize + " bytes)", "canonical arguments size > " + maxArgsSize + " bytes");
    }
    String blocked = block.match(tool);
    if (blocked != null) {
      return GuardResult.deny("tool " + Evidence.quote(tool) + " is blocked (matches \"" + blocked + "\")");
    }
    String allowed = null;
    if (!allow.isEmpty()) {
      allowed = allow.match(tool);
      if (allowed == null) {
        return GuardResult.deny("tool " + Evidence.quote(tool) + " is not on the tool allowlist");
      }
    }
    String confirmHit = confirm.match(tool);
    if (confirmHit != null) {
      return new GuardResult.PendingApproval("tool " + Evidence.quote(tool) + " requires confirmation", "matches require_confirmation \"" + confirmHit + "\"");
    }
    if (allowed != null) {
      return GuardResult.allow("tool matches allow \"" + allowed + "\"; arguments " + size + " bytes");
    }
    if (!defaultAllow) {
      return GuardResult.deny("tool " + Evidence.quote(tool) + " is not allowed (tool_access default: block)");
    }
    return GuardResult.allow("allowed by default; arguments " + size + " bytes");
  }
}
