package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.ResponseGuard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a merged policy into a {@link CompiledPolicy}; every guard is built exactly once, here. */
final class PolicyCompiler {
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  private final MergedPolicy merged;
  private final GuardProvider provider;
  private final List<PolicyException.Problem> problems = new ArrayList<>();

  private PolicyCompiler(MergedPolicy merged, GuardProvider provider) {
    this.merged = merged;
    this.provider = provider;
  }

  static CompiledPolicy compile(MergedPolicy merged, GuardProvider provider, List<String> sources) throws PolicyException {
    return new PolicyCompiler(merged, provider).run(sources);
  }

  private CompiledPolicy run(List<String> sources) throws PolicyException {
    List<Guard> guards = new ArrayList<>();
    List<ResponseGuard> responseGuards = new ArrayList<>();
    Set<String> slotted = new HashSet<>();
    for (GuardPipelineOrder.Slot slot : GuardPipelineOrder.PRE_INVOCATION) {
      slotted.add(slot.guard());
      Object g = build(slot);
      addChecked(guards, Guard.class, g, slot.guard(), slot.pointer());
    }
    for (GuardPipelineOrder.Slot slot : GuardPipelineOrder.POST_INVOCATION) {
      slotted.add(slot.guard());
      Object g = build(slot);
      addChecked(responseGuards, ResponseGuard.class, g, slot.guard(), slot.pointer());
    }
    JsonNode extensionGuards = merged.at("/extensions/guards");
    if (extensionGuards != null) {
      for (Iterator<String> it = extensionGuards.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (slotted.contains(name)) {
          continue;
        }
        String pointer = SourceTree.child("/extensions/guards", name);
        Object g = build(new GuardPipelineOrder.Slot(name, pointer, false));
        if (g instanceof ResponseGuard) {
          addChecked(responseGuards, ResponseGuard.class, g, name, pointer);
        } else {
          addChecked(guards, Guard.class, g, name, pointer);
        }
      }
    }
    ApprovalSettings approvals = approvals();
    DefaultGrants defaultGrants = defaultGrants(approvals);
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    ObjectNode root = merged.root();
    String hash = Sha256.hex(CanonicalJson.bytes(root));
    JsonNode name = root.get("name");
    return new CompiledPolicy(name == null ? null : name.textValue(), root, hash, guards, responseGuards, approvals, defaultGrants, sources);
  }

  /** The configured guard for a slot, or null when it does not run. */
  private Object build(GuardPipelineOrder.Slot slot) {
    JsonNode block = merged.at(slot.pointer());
    String guard = slot.guard();
    if (block != null && (guard.equals("velocity") || guard.equals("agent-velocity"))) {
      block = velocityPart(block, guard.equals("velocity") ? PolicySchema.VELOCITY_ONLY : PolicySchema.AGENT_VELOCITY_ONLY);
      if (block == null) {
        return null;
      }
    }
    if (block == null) {
      return slot.onByDefault() && provider.has(guard) ? create(guard, null, slot.pointer()) : null;
    }
    if (!provider.has(guard)) {
      problems.add(new PolicyException.Problem(merged.where(slot.pointer()), "unknown guard \"" + guard + "\": this build has no such guard"));
      return null;
    }
    // A disabled guard is still built, so that a typo in a switched-off block is reported now
    // rather than when someone switches it on.
    Object g = create(guard, block, slot.pointer());
    JsonNode enabled = block.get("enabled");
    return enabled != null && enabled.isBoolean() && !enabled.booleanValue() ? null : g;
  }

  /** The velocity keys one of the two rate guards reads; null when the block sets none of its limits. */
  private static JsonNode velocityPart(JsonNode block, List<String> ownLimits) {
    boolean any = false;
    for (String k : ownLimits) {
      any |= block.has(k);
    }
    if (!any) {
      return null;
    }
    ObjectNode part = ((ObjectNode) block).objectNode();
    for (String k : PolicySchema.VELOCITY_SHARED) {
      if (block.has(k)) {
        part.set(k, block.get(k).deepCopy());
      }
    }
    for (String k : ownLimits) {
      if (block.has(k)) {
        part.set(k, block.get(k).deepCopy());
      }
    }
    return part;
  }

  private Object create(String guard, JsonNode config, String pointer) {
    try {
      Object g = provider.create(guard, config == null ? null : config.deepCopy());
      if (g == null) {
        problems.add(new PolicyException.Problem(merged.where(pointer), "guard \"" + guard + "\" could not be built"));
      }
      return g;
    } catch (GuardConfigException | RuntimeException e) {
      String where = config == null ? merged.origin("").source() : merged.where(locate(config, pointer, String.valueOf(e.getMessage())));
      problems.add(new PolicyException.Problem(where, "guard \"" + guard + "\": " + e.getMessage()));
      return null;
    }
  }

  /** Points at the config key a guard's error message quotes, when there is one; else at the block. */
  private static String locate(JsonNode config, String pointer, String message) {
    Matcher m = QUOTED.matcher(message);
    while (m.find()) {
      String found = find(config, pointer, m.group(1));
      if (found != null) {
        return found;
      }
    }
    return pointer;
  }

  private static String find(JsonNode node, String pointer, String key) {
    if (node.isObject()) {
      if (node.has(key)) {
        return SourceTree.child(pointer, key);
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        String hit = find(node.get(f), SourceTree.child(pointer, f), key);
        if (hit != null) {
          return hit;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String hit = find(node.get(i), SourceTree.child(pointer, i), key);
        if (hit != null) {
          return hit;
        }
      }
    }
    return null;
  }

  /** Adds a built guard after checking its kind and name; {@code g == null} (not running, or failed) adds nothing. */
  private <T> void addChecked(List<T> into, Class<T> type, Object g, String name, String pointer) {
    if (g == null) {
      return;
    }
    if (!type.isInstance(g)) {
      problems.add(new PolicyException.Problem(merged.where(pointer),
          "guard \"" + name + "\" is not a " + (type == Guard.class ? "pre-invocation guard" : "response guard") + " and cannot be configured here"));
      return;
    }
    String actual = type == Guard.class ? ((Guard) g).name() : ((ResponseGuard) g).name();
    if (!name.equals(actual)) {
      problems.add(new PolicyException.Problem(merged.where(pointer), "guard \"" + name + "\" was built as \"" + actual + "\""));
      return;
    }
    into.add(type.cast(g));
  }

  private DefaultGrants defaultGrants(ApprovalSettings approvals) {
    JsonNode ta = merged.at("/rules/tool_access");
    if (ta == null || !ta.path("enabled").asBoolean(true)) {
      return DefaultGrants.wildcard(null, approvals);
    }
    JsonNode def = ta.get("default");
    if (def != null && !(def.isTextual() && (def.textValue().equals("allow") || def.textValue().equals("block")))) {
      problems.add(new PolicyException.Problem(merged.where("/rules/tool_access/default"), "rules.tool_access.default must be allow or block"));
    }
    Long maxArgs = null;
    JsonNode mas = ta.get("max_args_size");
    if (mas != null) {
      if (mas.isIntegralNumber() && mas.canConvertToLong() && mas.longValue() >= 0) {
        maxArgs = mas.longValue();
      } else {
        problems.add(new PolicyException.Problem(merged.where("/rules/tool_access/max_args_size"), "rules.tool_access.max_args_size must be a non-negative integer"));
      }
    }
    List<String> allow = new ArrayList<>();
    JsonNode al = ta.get("allow");
    if (al != null) {
      if (!al.isArray()) {
        problems.add(new PolicyException.Problem(merged.where("/rules/tool_access/allow"), "rules.tool_access.allow must be a list of tool names"));
      } else {
        for (int i = 0; i < al.size(); i++) {
          if (al.get(i).isTextual()) {
            allow.add(al.get(i).textValue());
          } else {
            problems.add(new PolicyException.Problem(merged.where("/rules/tool_access/allow/" + i), "tool names must be strings"));
          }
        }
      }
    }
    boolean blockByDefault = def != null ? "block".equals(def.asText()) : !allow.isEmpty();
    if (!blockByDefault) {
      return DefaultGrants.wildcard(maxArgs, approvals);
    }
    List<String> exact = new ArrayList<>();
    for (String t : allow) {
      if (t.equals("*") || new ToolGlob(t).isLiteral()) {
        exact.add(t);
      }
    }
    return new DefaultGrants(exact, maxArgs, approvals);
  }

  private ApprovalSettings approvals() {
    List<String> confirm = new ArrayList<>();
    JsonNode toolAccess = merged.at("/rules/tool_access");
    if (toolAccess != null && toolAccess.path("enabled").asBoolean(true)) {
      JsonNode rc = toolAccess.get("require_confirmation");
      if (rc != null) {
        if (!rc.isArray()) {
          problems.add(new PolicyException.Problem(merged.where("/rules/tool_access/require_confirmation"), "rules.tool_access.require_confirmation must be a list of tool names"));
        } else {
          for (int i = 0; i < rc.size(); i++) {
            if (!rc.get(i).isTextual()) {
              problems.add(new PolicyException.Problem(merged.where("/rules/tool_access/require_confirmation/" + i), "tool names must be strings"));
            } else {
              confirm.add(rc.get(i).textValue());
            }
          }
        }
      }
    }
    JsonNode hil = merged.at("/rules/human_in_loop");
    if (hil == null || !hil.path("enabled").asBoolean(true)) {
      return confirm.isEmpty() ? ApprovalSettings.NONE
          : new ApprovalSettings(confirm, null, null, ApprovalSettings.DEFAULT_TIMEOUT_SECONDS, ApprovalSettings.OnTimeout.DENY);
    }
    for (JsonNode t : hil.path("require_confirmation")) {
      confirm.add(t.textValue());
    }
    Long above = hil.has("approve_above") ? hil.get("approve_above").longValue() : null;
    String currency = hil.has("approve_above_currency") ? hil.get("approve_above_currency").textValue() : null;
    long timeout = hil.has("timeout_seconds") ? hil.get("timeout_seconds").longValue() : ApprovalSettings.DEFAULT_TIMEOUT_SECONDS;
    if (timeout == 0) {
      problems.add(new PolicyException.Problem(merged.where("/rules/human_in_loop/timeout_seconds"), "timeout_seconds must be at least 1"));
    }
    ApprovalSettings.OnTimeout onTimeout = "defer".equals(hil.path("on_timeout").asText("deny")) ? ApprovalSettings.OnTimeout.DEFER : ApprovalSettings.OnTimeout.DENY;
    return new ApprovalSettings(confirm, above, currency, timeout, onTimeout);
  }
}
