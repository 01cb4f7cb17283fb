package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** What a capability authorizes. Each list is omitted from the wire form when empty. */
public record Scope(List<ToolGrant> grants, List<ResourceGrant> resourceGrants, List<PromptGrant> promptGrants) {
  private static final Set<String> FIELDS = Set.of("grants", "resource_grants", "prompt_grants");
  static final String NOT_COVERED = "is not covered by parent";

  public Scope {
    grants = List.copyOf(grants);
    resourceGrants = List.copyOf(resourceGrants);
    promptGrants = List.copyOf(promptGrants);
  }

  public static Scope ofTools(List<ToolGrant> grants) {
    return new Scope(grants, List.of(), List.of());
  }

  public Scope withGrants(List<ToolGrant> newGrants) {
    return new Scope(newGrants, resourceGrants, promptGrants);
  }

  static Scope fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    Fields.onlyKnown(n, FIELDS, path);
    return new Scope(
        Wire.optList(n, "grants", path, ToolGrant::fromJson),
        Wire.optList(n, "resource_grants", path, ResourceGrant::fromJson),
        Wire.optList(n, "prompt_grants", path, PromptGrant::fromJson));
  }

  /** Parses a scope from JSON text, e.g. the normalized scopes inside an attenuation proof. */
  public static Scope parse(String json, String what) {
    return fromJson(Json.parse(json), what);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    if (!grants.isEmpty()) {
      ArrayNode a = o.putArray("grants");
      grants.forEach(g -> a.add(g.toJson()));
    }
    if (!resourceGrants.isEmpty()) {
      ArrayNode a = o.putArray("resource_grants");
      resourceGrants.forEach(g -> a.add(g.toJson()));
    }
    if (!promptGrants.isEmpty()) {
      ArrayNode a = o.putArray("prompt_grants");
      promptGrants.forEach(g -> a.add(g.toJson()));
    }
    return o;
  }

  /** {@code sha256_hex(canonical(scope))}: the value carried in a delegation link's {@code scope_hash}. */
  public String hash() {
    return Sha256.hex(CanonicalJson.bytes(toJson()));
  }

  /** Scope hash of {@code scope}; same as {@link #hash()}. */
  public static String scopeHash(Scope scope) {
    return scope.hash();
  }

  /**
   * True when every child grant is a subset of some parent grant of the same kind (WIRE.md 3,
   * "Attenuation never widens").
   */
  public static boolean isSubset(Scope child, Scope parent) {
    return widening(child, parent).isEmpty();
  }

  /**
   * The first way in which {@code child} is wider than {@code parent}, naming the grant, or empty
   * when {@code child} is a subset.
   */
  public static Optional<String> widening(Scope child, Scope parent) {
    String w = firstWidening("grants", child.grants, parent.grants, ToolGrant::wideningFrom, Scope::toolLabel);
    if (w == null) {
      w = firstWidening("resource_grants", child.resourceGrants, parent.resourceGrants, ResourceGrant::wideningFrom, ResourceGrant::uriPattern);
    }
    if (w == null) {
      w = firstWidening("prompt_grants", child.promptGrants, parent.promptGrants, PromptGrant::wideningFrom, PromptGrant::promptName);
    }
    return Optional.ofNullable(w);
  }

  private static String toolLabel(ToolGrant g) {
    return g.serverId() + ":" + g.toolName();
  }

  private static <G> String firstWidening(
      String field,
      List<G> children,
      List<G> parents,
      BiFunction<G, G, String> widening,
      Function<G, String> label) {
    for (int i = 0; i < children.size(); i++) {
      G child = children.get(i);
      String targetMismatch = null;
      String sameTarget = null;
      boolean covered = false;
      for (G parent : parents) {
        String reason = widening.apply(child, parent);
        if (reason == null) {
          covered = true;
          break;
        }
        // Prefer explaining against a parent grant for the same target over "not covered".
        if (reason.contains(NOT_COVERED)) {
          targetMismatch = targetMismatch == null ? reason : targetMismatch;
        } else {
          sameTarget = sameTarget == null ? reason : sameTarget;
        }
      }
      if (!covered) {
        String why = sameTarget != null ? sameTarget : targetMismatch != null ? targetMismatch : "the parent has no " + field;
        return field + "[" + i + "] (" + label.apply(child) + "): " + why;
      }
    }
    return null;
  }
}
