package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/**
 * One narrowing step recorded on a delegation link (and in {@code scope_attenuations}). Wire form
 * is an object tagged by {@code type}, e.g. {@code {"type":"remove_tool","server_id":"s","tool_name":"t"}}.
 */
public sealed interface Attenuation {

  String type();

  ObjectNode toJson();

  /** The attenuations that act on the tool grant(s) with exactly this server id and tool name. */
  sealed interface Targeted extends Attenuation {
    String serverId();

    String toolName();
  }

  record RemoveTool(String serverId, String toolName) implements Targeted {
    public RemoveTool {
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(toolName, "toolName");
    }

    public String type() {
      return "remove_tool";
    }

    public ObjectNode toJson() {
      return target(type(), serverId, toolName);
    }
  }

  record RemoveOperation(String serverId, String toolName, Operation operation) implements Targeted {
    public RemoveOperation {
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(operation, "operation");
    }

    public String type() {
      return "remove_operation";
    }

    public ObjectNode toJson() {
      return target(type(), serverId, toolName).put("operation", operation.wireName());
    }
  }

  record AddConstraint(String serverId, String toolName, Constraint constraint) implements Targeted {
    public AddConstraint {
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(constraint, "constraint");
    }

    public String type() {
      return "add_constraint";
    }

    public ObjectNode toJson() {
      ObjectNode o = target(type(), serverId, toolName);
      o.set("constraint", constraint.toJson());
      return o;
    }
  }

  /** Sets {@code max_invocations} (unsigned 32-bit) on the named grant. */
  record ReduceBudget(String serverId, String toolName, long maxInvocations) implements Targeted {
    public ReduceBudget {
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(toolName, "toolName");
      if (maxInvocations < 0 || maxInvocations > Wire.U32_MAX) {
        throw new IllegalArgumentException("maxInvocations must be within 0.." + Wire.U32_MAX + ": " + maxInvocations);
      }
    }

    public String type() {
      return "reduce_budget";
    }

    public ObjectNode toJson() {
      return target(type(), serverId, toolName).put("max_invocations", maxInvocations);
    }
  }

  record ShortenExpiry(long newExpiresAt) implements Attenuation {
    public ShortenExpiry {
      if (newExpiresAt < 0) {
        throw new IllegalArgumentException("newExpiresAt must not be negative");
      }
    }

    public String type() {
      return "shorten_expiry";
    }

    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("type", type());
      o.put("new_expires_at", newExpiresAt);
      return o;
    }
  }

  record ReduceCostPerInvocation(String serverId, String toolName, MonetaryAmount maxCostPerInvocation)
      implements Targeted {
    public ReduceCostPerInvocation {
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(maxCostPerInvocation, "maxCostPerInvocation");
    }

    public String type() {
      return "reduce_cost_per_invocation";
    }

    public ObjectNode toJson() {
      ObjectNode o = target(type(), serverId, toolName);
      o.set("max_cost_per_invocation", maxCostPerInvocation.toJson());
      return o;
    }
  }

  record ReduceTotalCost(String serverId, String toolName, MonetaryAmount maxTotalCost) implements Targeted {
    public ReduceTotalCost {
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(maxTotalCost, "maxTotalCost");
    }

    public String type() {
      return "reduce_total_cost";
    }

    public ObjectNode toJson() {
      ObjectNode o = target(type(), serverId, toolName);
      o.set("max_total_cost", maxTotalCost.toJson());
      return o;
    }
  }

  static Attenuation fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    String type = Fields.text(n, "type", path);
    return switch (type) {
      case "remove_tool" -> {
        Fields.onlyKnown(n, Set.of("type", "server_id", "tool_name"), path);
        yield new RemoveTool(Fields.text(n, "server_id", path), Fields.text(n, "tool_name", path));
      }
      case "remove_operation" -> {
        Fields.onlyKnown(n, Set.of("type", "server_id", "tool_name", "operation"), path);
        yield new RemoveOperation(
            Fields.text(n, "server_id", path),
            Fields.text(n, "tool_name", path),
            Operation.fromJson(Wire.required(n, "operation", path), path + ".operation"));
      }
      case "add_constraint" -> {
        Fields.onlyKnown(n, Set.of("type", "server_id", "tool_name", "constraint"), path);
        yield new AddConstraint(
            Fields.text(n, "server_id", path),
            Fields.text(n, "tool_name", path),
            Constraint.fromJson(Wire.required(n, "constraint", path), path + ".constraint"));
      }
      case "reduce_budget" -> {
        Fields.onlyKnown(n, Set.of("type", "server_id", "tool_name", "max_invocations"), path);
        yield new ReduceBudget(
            Fields.text(n, "server_id", path),
            Fields.text(n, "tool_name", path),
            Wire.u32(Wire.required(n, "max_invocations", path), path + ".max_invocations"));
      }
      case "shorten_expiry" -> {
        Fields.onlyKnown(n, Set.of("type", "new_expires_at"), path);
        yield new ShortenExpiry(Fields.u63(n, "new_expires_at", path));
      }
      case "reduce_cost_per_invocation" -> {
        Fields.onlyKnown(n, Set.of("type", "server_id", "tool_name", "max_cost_per_invocation"), path);
        yield new ReduceCostPerInvocation(
            Fields.text(n, "server_id", path),
            Fields.text(n, "tool_name", path),
            MonetaryAmount.fromJson(Wire.required(n, "max_cost_per_invocation", path), path + ".max_cost_per_invocation"));
      }
      case "reduce_total_cost" -> {
        Fields.onlyKnown(n, Set.of("type", "server_id", "tool_name", "max_total_cost"), path);
        yield new ReduceTotalCost(
            Fields.text(n, "server_id", path),
            Fields.text(n, "tool_name", path),
            MonetaryAmount.fromJson(Wire.required(n, "max_total_cost", path), path + ".max_total_cost"));
      }
      default -> throw new io.chio.core.ChioFormatException(
          path + ".type: unknown attenuation type \"" + type + "\" (expected remove_tool|remove_operation|"
              + "add_constraint|reduce_budget|shorten_expiry|reduce_cost_per_invocation|reduce_total_cost)");
    };
  }

  private static ObjectNode target(String type, String serverId, String toolName) {
    ObjectNode o = Json.object();
    o.put("type", type);
    o.put("server_id", serverId);
    o.put("tool_name", toolName);
    return o;
  }
}
