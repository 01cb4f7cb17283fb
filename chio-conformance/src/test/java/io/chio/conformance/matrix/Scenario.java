package io.chio.conformance.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One verdict-matrix scenario ({@code chio.verdict-matrix.scenario.v1}), loaded strictly as
 * SCENARIOS.md requires: unknown top-level fields and missing required fields fail the load. The
 * script keys this driver does not understand also fail it, so that a scenario it cannot run is
 * reported rather than passed.
 */
record Scenario(String id, String category, String tool, ObjectNode input, List<String> capabilityScopes, String requiredScope,
    Boolean revoked, String replayNonceStatus, String redactionAction, String redactionPhase, VerdictTuple expected) {
  static final String SCHEMA = "chio.verdict-matrix.scenario.v1";
  private static final Set<String> REQUIRED = Set.of("schema", "id", "title", "category", "description", "script", "expected");
  private static final Set<String> OPTIONAL = Set.of("tags", "requires", "artifacts", "timeout_ms");
  private static final Set<String> CATEGORIES = Set.of("capability", "revocation", "replay", "redaction", "receipt");
  /**
   * The driver capabilities this driver provides. {@code rust-kernel} is the reference kernel's
   * decision semantics (capability, revocation, replay, redaction), which this driver runs through
   * the JVM kernel; a scenario requiring anything else is unsupported here.
   */
  private static final Set<String> PROVIDED = Set.of("rust-kernel");
  /** source_fixture names the provider transcript a scenario was derived from; it does not change the call. */
  private static final Set<String> SCRIPT_KEYS = Set.of("operation", "tool", "input_json", "capability_scopes", "required_scope", "revoked",
      "replay_nonce_status", "redaction_action", "redaction_phase", "source_fixture");

  static Scenario parse(String file, JsonNode doc) {
    if (!doc.isObject()) {
      throw new IllegalArgumentException(file + ": a scenario must be a JSON object");
    }
    for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!REQUIRED.contains(k) && !OPTIONAL.contains(k)) {
        throw new IllegalArgumentException(file + ": unknown top-level field \"" + k + "\"");
      }
    }
    for (String k : REQUIRED) {
      if (!doc.has(k)) {
        throw new IllegalArgumentException(file + ": missing required field \"" + k + "\"");
      }
    }
    if (!SCHEMA.equals(doc.get("schema").textValue())) {
      throw new IllegalArgumentException(file + ": schema is not " + SCHEMA);
    }
    String category = text(doc, "category", file);
    if (!CATEGORIES.contains(category)) {
      throw new IllegalArgumentException(file + ": unknown category \"" + category + "\"");
    }
    if (doc.has("requires")) {
      for (String r : strings(doc, "requires", file)) {
        if (!PROVIDED.contains(r)) {
          throw new IllegalArgumentException(file + ": requires \"" + r + "\", which this driver does not provide");
        }
      }
    }
    JsonNode script = doc.get("script");
    for (Iterator<String> it = script.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!SCRIPT_KEYS.contains(k)) {
        throw new IllegalArgumentException(file + ": unsupported script field \"" + k + "\" (this driver cannot run it)");
      }
    }
    String operation = text(script, "operation", file);
    if (!operation.equals("tool.call")) {
      throw new IllegalArgumentException(file + ": unsupported operation \"" + operation + "\"");
    }
    JsonNode input = Json.parse(text(script, "input_json", file).getBytes(StandardCharsets.UTF_8));
    if (!input.isObject()) {
      throw new IllegalArgumentException(file + ": input_json must be a JSON object");
    }
    JsonNode revoked = script.get("revoked");
    if (revoked != null && !revoked.isBoolean()) {
      throw new IllegalArgumentException(file + ": revoked must be a boolean");
    }
    return new Scenario(text(doc, "id", file), category, text(script, "tool", file), (ObjectNode) input, strings(script, "capability_scopes", file),
        text(script, "required_scope", file), revoked == null ? null : revoked.booleanValue(), optionalText(script, "replay_nonce_status", file),
        optionalText(script, "redaction_action", file), optionalText(script, "redaction_phase", file), tuple(doc.get("expected"), file));
  }

  private static VerdictTuple tuple(JsonNode e, String file) {
    return new VerdictTuple(text(e, "verdict", file), text(e, "reason_code", file), new TreeSet<>(strings(e, "scope_set", file)));
  }

  private static String text(JsonNode o, String key, String file) {
    JsonNode v = o.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(file + ": \"" + key + "\" must be a string");
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode o, String key, String file) {
    return o.has(key) ? text(o, key, file) : null;
  }

  private static List<String> strings(JsonNode o, String key, String file) {
    JsonNode v = o.get(key);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException(file + ": \"" + key + "\" must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : v) {
      if (!s.isTextual()) {
        throw new IllegalArgumentException(file + ": \"" + key + "\" must be a list of strings");
      }
      out.add(s.textValue());
    }
    return List.copyOf(out);
  }
}
