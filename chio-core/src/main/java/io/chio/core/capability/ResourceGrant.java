package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Authorization to read or subscribe to resources whose URI matches {@code uriPattern}. */
public record ResourceGrant(String uriPattern, List<Operation> operations) {
  private static final Set<String> FIELDS = Set.of("uri_pattern", "operations");

  public ResourceGrant {
    Objects.requireNonNull(uriPattern, "uriPattern");
    operations = List.copyOf(operations);
  }

  static ResourceGrant fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    Fields.onlyKnown(n, FIELDS, path);
    return new ResourceGrant(Fields.text(n, "uri_pattern", path), Wire.list(n, "operations", path, Operation::fromJson));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("uri_pattern", uriPattern);
    o.set("operations", ToolGrant.operationsJson(operations));
    return o;
  }

  String wideningFrom(ResourceGrant parent) {
    return PromptGrant.patternWidening("uri_pattern", uriPattern, operations, parent.uriPattern, parent.operations);
  }
}
