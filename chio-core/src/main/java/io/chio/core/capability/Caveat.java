package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/**
 * A first-party caveat {@code {kind, predicate, sig?}}. This module parses and signs caveats; the
 * kernel decides what each predicate means.
 *
 * @param sig optional signature, null when absent
 */
public record Caveat(Kind kind, String predicate, Ed25519Signature sig) {
  private static final Set<String> FIELDS = Set.of("kind", "predicate", "sig");

  public Caveat {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(predicate, "predicate");
  }

  public enum Kind implements Wire.Named {
    RESTRICT_TOOL("restrict_tool"),
    BIND_SESSION("bind_session"),
    RESTRICT_AUDIENCE("restrict_audience"),
    RESTRICT_GEO("restrict_geo"),
    RESTRICT_TIME_WINDOW("restrict_time_window");

    private final String wireName;

    Kind(String w) {
      wireName = w;
    }

    @Override
    public String wireName() {
      return wireName;
    }
  }

  static Caveat fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    Fields.onlyKnown(n, FIELDS, path);
    JsonNode sig = n.get("sig");
    return new Caveat(
        Wire.named(Kind.class, Wire.required(n, "kind", path), path + ".kind"),
        Fields.text(n, "predicate", path),
        sig == null ? null : Wire.signature(sig, path + ".sig"));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", kind.wireName());
    o.put("predicate", predicate);
    if (sig != null) {
      o.put("sig", sig.toHex());
    }
    return o;
  }
}
