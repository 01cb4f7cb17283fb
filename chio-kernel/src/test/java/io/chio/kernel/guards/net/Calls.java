package io.chio.kernel.guards.net;

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

/** Test helpers: build guards from JSON config and run one classified call through them. */
final class Calls {
  private Calls() {}

  static Guard guard(String name, String configJson) throws Exception {
    JsonNode config = configJson == null ? null : Json.parse(configJson);
    return (Guard) GuardCatalog.create(name, config);
  }

  static GuardResult run(Guard g, String tool, String argsJson) throws Exception {
    ObjectNode args = (ObjectNode) Json.parse(argsJson);
    ToolCall call = ToolCall.of("srv", tool, args);
    return g.evaluate(new GuardContext(call, ActionClassifier.classify(tool, args), List.of(), 0));
  }
}
