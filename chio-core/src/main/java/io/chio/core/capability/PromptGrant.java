package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Authorization to retrieve prompts whose name matches {@code promptName}. */
public record PromptGrant(String promptName, List<Operation> operations) {
  private static final Set<String> FIELDS = Set.of("prompt_name", "operations");

  public PromptGrant {
    Objects.requireNonNull(promptName, "promptName");
    operations = List.copyOf(operations);
  }

  static PromptGrant fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    Fields.onlyKnown(n, FIELDS, path);
    return new PromptGrant(Fields.text(n, "prompt_name", path), Wire.list(n, "operations", path, Operation::fromJson));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("prompt_name", promptName);
    o.set("operations", ToolGrant.operationsJson(operations));
    return o;
  }

  String wideningFrom(PromptGrant parent) {
    return patternWidening("prompt_name", promptName, operations, parent.promptName, parent.operations);
  }

  /**
   * Pattern coverage as in the reference: {@code "*"} covers everything, {@code "abc*"} covers any
   * pattern starting with {@code "abc"}, anything else only itself.
   */
  static boolean patternCovers(String parent, String child) {
    if (parent.equals("*")) {
      return true;
    }
    if (parent.endsWith("*")) {
      return child.startsWith(parent.substring(0, parent.length() - 1));
    }
    return parent.equals(child);
  }

  static String patternWidening(
      String field, String child, List<Operation> childOps, String parent, List<Operation> parentOps) {
    if (!patternCovers(parent, child)) {
      return field + " \"" + child + "\" is not covered by parent " + field + " \"" + parent + "\"";
    }
    for (Operation op : childOps) {
      if (!parentOps.contains(op)) {
        return "operation " + op.wireName() + " is not granted by the parent";
      }
    }
    return null;
  }
}
