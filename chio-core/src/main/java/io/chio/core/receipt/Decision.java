package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/**
 * The kernel's decision recorded in a mediated receipt. Wire form is tagged by {@code verdict}:
 * {@code {"verdict":"allow"}}, {@code {"verdict":"deny","reason":..,"guard":..}}, {@code
 * {"verdict":"cancelled","reason":..}}, {@code {"verdict":"incomplete","reason":..}}.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.Cancelled, Decision.Incomplete {

  /** The wire tag: {@code allow}, {@code deny}, {@code cancelled} or {@code incomplete}. */
  String verdict();

  /** A fresh JSON object in wire form. */
  ObjectNode toJson();

  static Decision allow() {
    return Allow.INSTANCE;
  }

  static Decision deny(String reason, String guard) {
    return new Deny(reason, guard);
  }

  static Decision cancelled(String reason) {
    return new Cancelled(reason);
  }

  static Decision incomplete(String reason) {
    return new Incomplete(reason);
  }

  /** The tool call was allowed. */
  record Allow() implements Decision {
    static final Allow INSTANCE = new Allow();

    @Override
    public String verdict() {
      return "allow";
    }

    @Override
    public ObjectNode toJson() {
      return Json.object().put("verdict", "allow");
    }
  }

  /** The tool call was denied by {@code guard} (a guard or validation step) for {@code reason}. */
  record Deny(String reason, String guard) implements Decision {
    public Deny {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(guard, "guard");
    }

    @Override
    public String verdict() {
      return "deny";
    }

    @Override
    public ObjectNode toJson() {
      return Json.object().put("verdict", "deny").put("reason", reason).put("guard", guard);
    }
  }

  /** The tool call was interrupted by an explicit cancellation. */
  record Cancelled(String reason) implements Decision {
    public Cancelled {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String verdict() {
      return "cancelled";
    }

    @Override
    public ObjectNode toJson() {
      return Json.object().put("verdict", "cancelled").put("reason", reason);
    }
  }

  /** The tool call did not reach a complete terminal result. */
  record Incomplete(String reason) implements Decision {
    public Incomplete {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String verdict() {
      return "incomplete";
    }

    @Override
    public ObjectNode toJson() {
      return Json.object().put("verdict", "incomplete").put("reason", reason);
    }
  }

  /** Parses the wire form; unknown verdicts and unknown members are format errors. */
  static Decision fromJson(JsonNode json, String path) {
    ObjectNode o = Fields.asObject(json, path);
    String verdict = Fields.text(o, "verdict", path);
    return switch (verdict) {
      case "allow" -> {
        Fields.onlyKnown(o, Set.of("verdict"), path);
        yield allow();
      }
      case "deny" -> {
        Fields.onlyKnown(o, Set.of("verdict", "reason", "guard"), path);
        yield new Deny(Fields.text(o, "reason", path), Fields.text(o, "guard", path));
      }
      case "cancelled" -> {
        Fields.onlyKnown(o, Set.of("verdict", "reason"), path);
        yield new Cancelled(Fields.text(o, "reason", path));
      }
      case "incomplete" -> {
        Fields.onlyKnown(o, Set.of("verdict", "reason"), path);
        yield new Incomplete(Fields.text(o, "reason", path));
      }
      default -> throw new ChioFormatException(
          path + ".verdict: unknown value \"" + verdict + "\" (expected one of allow, deny, cancelled, incomplete)");
    };
  }
}
