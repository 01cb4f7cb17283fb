package io.chio.kernel.scope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.kernel.GovernedIntent;
import io.chio.kernel.ModelMetadata;
import java.util.List;
import java.util.Objects;

/**
 * The parts of a call that scope matching reads, with lazily computed views (string leaves,
 * parsed SQL, canonical size) shared by every constraint of every grant.
 */
public final class CallView {
  private final String serverId;
  private final String toolName;
  private final ObjectNode arguments;
  private final GovernedIntent intent;
  private final ModelMetadata model;
  private List<StringLeaves.Leaf> leaves;
  private Object sql; // SqlFacts, or the String reason it could not be had
  private long canonicalSize = -1;

  public CallView(String serverId, String toolName, ObjectNode arguments, GovernedIntent intent, ModelMetadata model) {
    this.serverId = Objects.requireNonNull(serverId, "serverId");
    this.toolName = Objects.requireNonNull(toolName, "toolName");
    this.arguments = Objects.requireNonNull(arguments, "arguments");
    this.intent = intent;
    this.model = model;
  }

  public String serverId() {
    return serverId;
  }

  public String toolName() {
    return toolName;
  }

  ObjectNode arguments() {
    return arguments;
  }

  GovernedIntent intent() {
    return intent;
  }

  ModelMetadata model() {
    return model;
  }

  List<StringLeaves.Leaf> leaves() {
    if (leaves == null) {
      leaves = StringLeaves.of(arguments);
    }
    return leaves;
  }

  long canonicalSize() {
    if (canonicalSize < 0) {
      canonicalSize = io.chio.core.json.CanonicalJson.bytes(arguments).length;
    }
    return canonicalSize;
  }

  /** The parsed SQL of the {@code sql} or {@code query} argument; throws with the reason when there is none. */
  SqlFacts sql() {
    if (sql == null) {
      sql = loadSql();
    }
    if (sql instanceof SqlFacts f) {
      return f;
    }
    throw new IllegalArgumentException((String) sql);
  }

  private Object loadSql() {
    for (String key : new String[] {"sql", "query"}) {
      var v = arguments.get(key);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isTextual()) {
        return "argument \"" + key + "\" must be a string";
      }
      try {
        return SqlFacts.parse(v.textValue());
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
    return "no SQL argument (sql or query) to check";
  }
}
