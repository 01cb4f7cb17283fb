package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One guard's contribution to a decision: {@code {guard_name, verdict, details?}}, where {@code
 * verdict} is true when the guard passed. {@code details} is omitted from the wire when null.
 */
public record GuardEvidence(String guardName, boolean verdict, String details) {
  private static final Set<String> FIELDS = Set.of("guard_name", "verdict", "details");

  public GuardEvidence {
    Objects.requireNonNull(guardName, "guardName");
  }

  public static GuardEvidence pass(String guardName, String details) {
    return new GuardEvidence(guardName, true, details);
  }

  public static GuardEvidence fail(String guardName, String details) {
    return new GuardEvidence(guardName, false, details);
  }

  public Optional<String> detailsIfPresent() {
    return Optional.ofNullable(details);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object().put("guard_name", guardName).put("verdict", verdict);
    if (details != null) {
      o.put("details", details);
    }
    return o;
  }

  public static GuardEvidence fromJson(JsonNode json, String path) {
    ObjectNode o = Fields.asObject(json, path);
    Fields.onlyKnown(o, FIELDS, path);
    return new GuardEvidence(
        Fields.text(o, "guard_name", path), Fields.bool(o, "verdict", path), Fields.optText(o, "details", path));
  }
}
