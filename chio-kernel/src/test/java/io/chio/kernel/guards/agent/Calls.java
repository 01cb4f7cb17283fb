package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardCatalog;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ToolCall;
import java.util.List;

/** Test helpers: build guards from JSON config and evaluate calls. */
final class Calls {
  static final long T0 = 1_710_000_000_000L;

  private Calls() {}

  static Guard guard(String name, String configJson) throws Exception {
    return (Guard) GuardCatalog.create(name, Json.parse(configJson));
  }

  static JsonNode json(String s) {
    return Json.parse(s);
  }

  static ToolCall call(String tool, String argsJson, String agent, String session, String capability, int grant, Long amount) {
    return new ToolCall("req", "srv", tool, agent, session, capability, grant, (ObjectNode) Json.parse(argsJson), amount, null);
  }

  static GuardResult eval(Guard g, ToolCall call, long nowMillis) throws Exception {
    return g.evaluate(new GuardContext(call, ActionClassifier.classify(call.toolName(), call.arguments()), List.of(), nowMillis));
  }

  static GuardResult eval(Guard g, String tool, String argsJson) throws Exception {
    return eval(g, call(tool, argsJson, "agent-1", null, "cap-1", 0, null), T0);
  }
}
