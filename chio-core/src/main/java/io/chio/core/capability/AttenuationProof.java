package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The optional {@code attenuation_proof} of a token: the hashes of the parent and child scopes plus
 * a witness carrying both scopes in canonical form. Unlike the rest of the token its keys are
 * camelCase ({@code parentScopeHash}, {@code normalizedSubsetProof}, ...), as in the reference.
 */
public record AttenuationProof(String parentScopeHash, String childScopeHash, Witness normalizedSubsetProof) {
  private static final Set<String> FIELDS = Set.of("parentScopeHash", "childScopeHash", "normalizedSubsetProof");

  public AttenuationProof {
    Objects.requireNonNull(parentScopeHash, "parentScopeHash");
    Objects.requireNonNull(childScopeHash, "childScopeHash");
    Objects.requireNonNull(normalizedSubsetProof, "normalizedSubsetProof");
  }

  /** Canonical JSON of both scopes plus optional per-grant relations and restricted predicates. */
  public record Witness(
      String normalizedParentScope,
      String normalizedChildScope,
      List<GrantSubsetRelation> subsetRelations,
      List<String> restrictedPredicates) {
    private static final Set<String> FIELDS =
        Set.of("normalizedParentScope", "normalizedChildScope", "subsetRelations", "restrictedPredicates");

    public Witness {
      Objects.requireNonNull(normalizedParentScope, "normalizedParentScope");
      Objects.requireNonNull(normalizedChildScope, "normalizedChildScope");
      subsetRelations = List.copyOf(subsetRelations);
      restrictedPredicates = List.copyOf(restrictedPredicates);
    }

    static Witness fromJson(JsonNode n, String path) {
      Fields.asObject(n, path);
      Fields.onlyKnown(n, FIELDS, path);
      JsonNode preds = n.get("restrictedPredicates");
      return new Witness(
          Fields.text(n, "normalizedParentScope", path),
          Fields.text(n, "normalizedChildScope", path),
          Wire.optList(n, "subsetRelations", path, GrantSubsetRelation::fromJson),
          preds == null ? List.of() : Wire.stringList(preds, path + ".restrictedPredicates"));
    }

    ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("normalizedParentScope", normalizedParentScope);
      o.put("normalizedChildScope", normalizedChildScope);
      if (!subsetRelations.isEmpty()) {
        ArrayNode a = o.putArray("subsetRelations");
        subsetRelations.forEach(r -> a.add(r.toJson()));
      }
      if (!restrictedPredicates.isEmpty()) {
        o.set("restrictedPredicates", Wire.strings(restrictedPredicates));
      }
      return o;
    }
  }

  /** Records that child grant {@code childIndex} is covered by parent grant {@code parentIndex}. */
  public record GrantSubsetRelation(String grantKind, long childIndex, long parentIndex, boolean subset) {
    private static final Set<String> FIELDS = Set.of("grantKind", "childIndex", "parentIndex", "subset");

    public GrantSubsetRelation {
      Objects.requireNonNull(grantKind, "grantKind");
    }

    static GrantSubsetRelation fromJson(JsonNode n, String path) {
      Fields.asObject(n, path);
      Fields.onlyKnown(n, FIELDS, path);
      return new GrantSubsetRelation(
          Fields.text(n, "grantKind", path),
          Wire.u32(Wire.required(n, "childIndex", path), path + ".childIndex"),
          Wire.u32(Wire.required(n, "parentIndex", path), path + ".parentIndex"),
          Fields.bool(n, "subset", path));
    }

    ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("grantKind", grantKind);
      o.put("childIndex", childIndex);
      o.put("parentIndex", parentIndex);
      o.put("subset", subset);
      return o;
    }
  }

  static AttenuationProof fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    Fields.onlyKnown(n, FIELDS, path);
    return new AttenuationProof(
        Wire.sha256Hex(Wire.required(n, "parentScopeHash", path), path + ".parentScopeHash"),
        Wire.sha256Hex(Wire.required(n, "childScopeHash", path), path + ".childScopeHash"),
        Witness.fromJson(Wire.required(n, "normalizedSubsetProof", path), path + ".normalizedSubsetProof"));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("parentScopeHash", parentScopeHash);
    o.put("childScopeHash", childScopeHash);
    o.set("normalizedSubsetProof", normalizedSubsetProof.toJson());
    return o;
  }

  /**
   * Checks the proof against the token's own scope: the child hash must be the scope's hash, both
   * witness scopes must hash to the stated hashes, no relation may say "not a subset", and the
   * witness child scope must really be a subset of the witness parent scope. Returns the first
   * problem, or empty when the proof is self-consistent. It does not prove the parent scope was
   * ever granted; that is the chain binding's job.
   */
  public Optional<String> problemWith(Scope tokenScope) {
    if (!childScopeHash.equals(tokenScope.hash())) {
      return Optional.of("attenuation_proof.childScopeHash does not match the token's scope");
    }
    Witness w = normalizedSubsetProof;
    if (!Sha256.hex(w.normalizedParentScope.getBytes(StandardCharsets.UTF_8)).equals(parentScopeHash)) {
      return Optional.of("attenuation_proof witness parent scope does not hash to parentScopeHash");
    }
    if (!Sha256.hex(w.normalizedChildScope.getBytes(StandardCharsets.UTF_8)).equals(childScopeHash)) {
      return Optional.of("attenuation_proof witness child scope does not hash to childScopeHash");
    }
    if (w.subsetRelations.stream().anyMatch(r -> !r.subset)) {
      return Optional.of("attenuation_proof witness carries a non-subset relation");
    }
    try {
      Scope parent = Scope.parse(w.normalizedParentScope, "attenuation_proof.normalizedParentScope");
      Scope child = Scope.parse(w.normalizedChildScope, "attenuation_proof.normalizedChildScope");
      return Scope.widening(child, parent).map(why -> "attenuation_proof witness widens: " + why);
    } catch (ChioFormatException e) {
      return Optional.of(e.getMessage());
    }
  }
}
