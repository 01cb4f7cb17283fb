package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ResponseGuard;
import io.chio.kernel.guard.ResponseVerdict;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A provider that knows the 21 catalog names (or a chosen subset) and builds guards that remember
 * the config they were given. Like real factories, it names an unknown config key ({@code bogus*})
 * in its error.
 */
final class RecordingGuardProvider implements GuardProvider {
  static final List<String> ALL = List.of("forbidden-path", "path-allowlist", "shell-command", "egress-allowlist", "internal-network",
      "mcp-tool", "secret-leak", "patch-integrity", "velocity", "agent-velocity", "code-execution", "browser-automation",
      "computer-use", "remote-desktop-side-channel", "input-injection-capability", "sql-query", "memory-governance",
      "content-review", "prompt-injection", "jailbreak", "response-sanitization");

  private final Set<String> known;

  RecordingGuardProvider() {
    this(ALL);
  }

  RecordingGuardProvider(List<String> known) {
    this.known = Set.copyOf(known);
  }

  @Override
  public boolean has(String name) {
    return known.contains(name);
  }

  @Override
  public Object create(String name, JsonNode config) throws GuardConfigException {
    if (!known.contains(name)) {
      throw new GuardConfigException("unknown guard \"" + name + "\"");
    }
    if (config != null) {
      reject(config);
    }
    return name.equals("response-sanitization") ? new RecordingResponseGuard(name, config) : new RecordingGuard(name, config);
  }

  private static void reject(JsonNode n) throws GuardConfigException {
    if (n.isObject()) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (k.startsWith("bogus")) {
          throw new GuardConfigException("unknown config key \"" + k + "\"");
        }
        reject(n.get(k));
      }
    }
  }

  record RecordingGuard(String name, JsonNode config) implements Guard {
    @Override
    public GuardResult evaluate(GuardContext context) {
      return GuardResult.allow(name);
    }
  }

  record RecordingResponseGuard(String name, JsonNode config) implements ResponseGuard {
    @Override
    public ResponseVerdict inspect(GuardContext context, JsonNode output) {
      return new ResponseVerdict.Pass(name);
    }
  }

  /** The config the compiled policy's guard {@code name} was built with (null = defaults). */
  static JsonNode configOf(CompiledPolicy policy, String name) {
    for (Guard g : policy.guards()) {
      if (g.name().equals(name)) {
        return ((RecordingGuard) g).config();
      }
    }
    for (ResponseGuard g : policy.responseGuards()) {
      if (g.name().equals(name)) {
        return ((RecordingResponseGuard) g).config();
      }
    }
    throw new AssertionError("guard " + name + " is not in the pipeline " + policy.guardNames());
  }
}
