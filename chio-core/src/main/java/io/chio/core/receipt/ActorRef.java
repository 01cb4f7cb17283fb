package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/** One link of a receipt's actor chain: {@code {actor_id, actor_kind?}}; a null kind is omitted. */
public record ActorRef(String actorId, String actorKind) {
  private static final Set<String> FIELDS = Set.of("actor_id", "actor_kind");

  public ActorRef {
    Objects.requireNonNull(actorId, "actorId");
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object().put("actor_id", actorId);
    if (actorKind != null) {
      o.put("actor_kind", actorKind);
    }
    return o;
  }

  public static ActorRef fromJson(JsonNode json, String path) {
    ObjectNode o = Fields.asObject(json, path);
    Fields.onlyKnown(o, FIELDS, path);
    return new ActorRef(Fields.text(o, "actor_id", path), Fields.optText(o, "actor_kind", path));
  }
}
