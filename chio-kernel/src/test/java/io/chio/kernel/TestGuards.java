package io.chio.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ResponseGuard;
import io.chio.kernel.guard.ResponseVerdict;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.GuardProvider;
import io.chio.kernel.policy.PolicyLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Scriptable guards under catalog names, and policies built from them. */
final class TestGuards {
  private TestGuards() {}

  record Scripted(String name, Function<GuardContext, GuardResult> behaviour) implements Guard {
    @Override
    public GuardResult evaluate(GuardContext context) {
      return behaviour.apply(context);
    }
  }

  record ScriptedResponse(String name, Function<JsonNode, ResponseVerdict> behaviour) implements ResponseGuard {
    @Override
    public ResponseVerdict inspect(GuardContext context, JsonNode output) {
      return behaviour.apply(output);
    }
  }

  static Guard allow(String name) {
    return new Scripted(name, c -> GuardResult.allow("ok"));
  }

  /** A policy whose default pipeline is exactly {@code guards} (they must use default-on catalog names). */
  static CompiledPolicy policy(String yaml, Object... guards) throws Exception {
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object g : guards) {
      byName.put(g instanceof Guard gg ? gg.name() : ((ResponseGuard) g).name(), g);
    }
    GuardProvider provider = new GuardProvider() {
      @Override
      public boolean has(String name) {
        return byName.containsKey(name);
      }

      @Override
      public Object create(String name, JsonNode config) throws GuardConfigException {
        Object g = byName.get(name);
        if (g == null) {
          throw new GuardConfigException("unknown guard \"" + name + "\"");
        }
        return g;
      }
    };
    return PolicyLoader.parse(yaml, "test-policy", provider);
  }
}
