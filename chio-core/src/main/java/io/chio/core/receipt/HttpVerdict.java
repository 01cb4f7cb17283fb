package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/**
 * The verdict in an HTTP receipt, tagged by {@code verdict}: {@code allow}, {@code deny} (with
 * {@code reason}, {@code guard}, {@code http_status} and optional structured {@code details}),
 * {@code cancel} or {@code incomplete} (with {@code reason}). Note {@code cancel}, not the tool
 * receipt's {@code cancelled}.
 */
public sealed interface HttpVerdict permits HttpVerdict.Allow, HttpVerdict.Deny, HttpVerdict.Cancel, HttpVerdict.Incomplete {
  /** Status used for a deny that does not name one. */
  int DEFAULT_DENY_STATUS = 403;

  String verdict();

  ObjectNode toJson();

  static HttpVerdict allow() {
    return Allow.INSTANCE;
  }

  static HttpVerdict deny(String reason, String guard) {
    return new Deny(reason, guard, DEFAULT_DENY_STATUS, null);
  }

  record Allow() implements HttpVerdict {
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

  /**
   * @param details optional structured deny context (an object, omitted when null), carried opaquely
   */
  record Deny(String reason, String guard, int httpStatus, ObjectNode details) implements HttpVerdict {
    public Deny {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(guard, "guard");
      if (httpStatus < 0 || httpStatus > 0xFFFF) {
        throw new IllegalArgumentException("httpStatus out of range: " + httpStatus);
      }
      details = details == null ? null : details.deepCopy();
    }

    @Override
    public ObjectNode details() {
      return details == null ? null : details.deepCopy();
    }

    @Override
    public String verdict() {
      return "deny";
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object().put("verdict", "deny").put("reason", reason).put("guard", guard).put("http_status", httpStatus);
      if (details != null) {
        o.set("details", details.deepCopy());
      }
      return o;
    }
  }

  record Cancel(String reason) implements HttpVerdict {
    public Cancel {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String verdict() {
      return "cancel";
    }

    @Override
    public ObjectNode toJson() {
      return Json.object().put("verdict", "cancel").put("reason", reason);
    }
  }

  record Incomplete(String reason) implements HttpVerdict {
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

  /** Parses the wire form; a deny without {@code http_status} gets 403, as in the reference. */
  static HttpVerdict fromJson(JsonNode json, String path) {
    ObjectNode o = Fields.asObject(json, path);
    String verdict = Fields.text(o, "verdict", path);
    return switch (verdict) {
      case "allow" -> {
        Fields.onlyKnown(o, Set.of("verdict"), path);
        yield allow();
      }
      case "deny" -> {
        Fields.onlyKnown(o, Set.of("verdict", "reason", "guard", "http_status", "details"), path);
        int status = o.has("http_status") ? WireChecks.u16(o, "http_status", path) : DEFAULT_DENY_STATUS;
        JsonNode details = WireChecks.optionalNonNull(o, "details", path);
        yield new Deny(
            Fields.text(o, "reason", path),
            Fields.text(o, "guard", path),
            status,
            details == null ? null : Fields.asObject(details, path + ".details"));
      }
      case "cancel" -> {
        Fields.onlyKnown(o, Set.of("verdict", "reason"), path);
        yield new Cancel(Fields.text(o, "reason", path));
      }
      case "incomplete" -> {
        Fields.onlyKnown(o, Set.of("verdict", "reason"), path);
        yield new Incomplete(Fields.text(o, "reason", path));
      }
      default -> throw new ChioFormatException(
          path + ".verdict: unknown value \"" + verdict + "\" (expected one of allow, deny, cancel, incomplete)");
    };
  }
}
