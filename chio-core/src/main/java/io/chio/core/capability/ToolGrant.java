package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Authorization for one tool on one server ({@code "*"} matches any). Optional fields are null when
 * absent and are then omitted on the wire; {@code dpopRequired} keeps the difference between absent
 * and {@code false} because they are different signed documents.
 *
 * @param maxInvocations unsigned 32-bit on the wire, null when uncapped
 */
public record ToolGrant(
    String serverId,
    String toolName,
    List<Operation> operations,
    List<Constraint> constraints,
    Long maxInvocations,
    MonetaryAmount maxCostPerInvocation,
    MonetaryAmount maxTotalCost,
    Boolean dpopRequired) {

  private static final Set<String> FIELDS =
      Set.of(
          "server_id", "tool_name", "operations", "constraints", "max_invocations",
          "max_cost_per_invocation", "max_total_cost", "dpop_required");

  public ToolGrant {
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(toolName, "toolName");
    operations = List.copyOf(operations);
    constraints = List.copyOf(constraints);
    if (maxInvocations != null && (maxInvocations < 0 || maxInvocations > Wire.U32_MAX)) {
      throw new IllegalArgumentException("maxInvocations must be within 0.." + Wire.U32_MAX + ": " + maxInvocations);
    }
  }

  /** A grant with only the required fields. */
  public static ToolGrant of(String serverId, String toolName, List<Operation> operations) {
    return new ToolGrant(serverId, toolName, operations, List.of(), null, null, null, null);
  }

  /**
   * Parses the command-line form {@code SERVER:TOOL[:op,op,...]} (operations by wire name, default
   * {@code invoke}), e.g. {@code srv-files:file_read:invoke,read_result}.
   */
  public static ToolGrant fromSpec(String spec) {
    Objects.requireNonNull(spec, "spec");
    String[] parts = spec.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new ChioFormatException("grant \"" + spec + "\": expected SERVER:TOOL[:op,op,...]");
    }
    List<Operation> ops = new ArrayList<>();
    if (parts.length == 3) {
      for (String op : parts[2].split(",", -1)) {
        try {
          ops.add(Operation.fromWire(op));
        } catch (ChioFormatException e) {
          throw new ChioFormatException("grant \"" + spec + "\": " + e.getMessage(), e);
        }
      }
    } else {
      ops.add(Operation.INVOKE);
    }
    return of(parts[0], parts[1], ops);
  }

  /** True only when the grant explicitly says {@code "dpop_required": true}. */
  public boolean requiresDpop() {
    return Boolean.TRUE.equals(dpopRequired);
  }

  public ToolGrant withOperations(List<Operation> ops) {
    return new ToolGrant(serverId, toolName, ops, constraints, maxInvocations, maxCostPerInvocation, maxTotalCost, dpopRequired);
  }

  public ToolGrant withConstraints(List<Constraint> cs) {
    return new ToolGrant(serverId, toolName, operations, cs, maxInvocations, maxCostPerInvocation, maxTotalCost, dpopRequired);
  }

  public ToolGrant withMaxInvocations(Long max) {
    return new ToolGrant(serverId, toolName, operations, constraints, max, maxCostPerInvocation, maxTotalCost, dpopRequired);
  }

  public ToolGrant withMaxCostPerInvocation(MonetaryAmount cap) {
    return new ToolGrant(serverId, toolName, operations, constraints, maxInvocations, cap, maxTotalCost, dpopRequired);
  }

  public ToolGrant withMaxTotalCost(MonetaryAmount cap) {
    return new ToolGrant(serverId, toolName, operations, constraints, maxInvocations, maxCostPerInvocation, cap, dpopRequired);
  }

  public ToolGrant withDpopRequired(Boolean required) {
    return new ToolGrant(serverId, toolName, operations, constraints, maxInvocations, maxCostPerInvocation, maxTotalCost, required);
  }

  static ToolGrant fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    Fields.onlyKnown(n, FIELDS, path);
    JsonNode mi = n.get("max_invocations");
    JsonNode pc = n.get("max_cost_per_invocation");
    JsonNode tc = n.get("max_total_cost");
    return new ToolGrant(
        Fields.text(n, "server_id", path),
        Fields.text(n, "tool_name", path),
        Wire.list(n, "operations", path, Operation::fromJson),
        Wire.optList(n, "constraints", path, Constraint::fromJson),
        mi == null ? null : Wire.u32(mi, path + ".max_invocations"),
        pc == null ? null : MonetaryAmount.fromJson(pc, path + ".max_cost_per_invocation"),
        tc == null ? null : MonetaryAmount.fromJson(tc, path + ".max_total_cost"),
        Fields.optBool(n, "dpop_required", path));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("server_id", serverId);
    o.put("tool_name", toolName);
    o.set("operations", operationsJson(operations));
    if (!constraints.isEmpty()) {
      ArrayNode cs = o.putArray("constraints");
      constraints.forEach(c -> cs.add(c.toJson()));
    }
    if (maxInvocations != null) {
      o.put("max_invocations", maxInvocations);
    }
    if (maxCostPerInvocation != null) {
      o.set("max_cost_per_invocation", maxCostPerInvocation.toJson());
    }
    if (maxTotalCost != null) {
      o.set("max_total_cost", maxTotalCost.toJson());
    }
    if (dpopRequired != null) {
      o.put("dpop_required", dpopRequired);
    }
    return o;
  }

  static ArrayNode operationsJson(List<Operation> ops) {
    ArrayNode a = Json.mapper().createArrayNode();
    ops.forEach(op -> a.add(op.wireName()));
    return a;
  }

  /**
   * Why this grant is not a subset of {@code parent}, or null when it is (WIRE.md 3, "Attenuation
   * never widens").
   */
  String wideningFrom(ToolGrant parent) {
    if (!parent.serverId.equals("*") && !serverId.equals(parent.serverId)) {
      return "server_id \"" + serverId + "\" is not covered by parent server_id \"" + parent.serverId + "\"";
    }
    if (!parent.toolName.equals("*") && !toolName.equals(parent.toolName)) {
      return "tool_name \"" + toolName + "\" is not covered by parent tool_name \"" + parent.toolName + "\"";
    }
    for (Operation op : operations) {
      if (!parent.operations.contains(op)) {
        return "operation " + op.wireName() + " is not granted by the parent";
      }
    }
    if (parent.maxInvocations != null) {
      if (maxInvocations == null) {
        return "max_invocations was removed (parent caps it at " + parent.maxInvocations + ")";
      }
      if (maxInvocations > parent.maxInvocations) {
        return "max_invocations " + maxInvocations + " exceeds the parent's " + parent.maxInvocations;
      }
    }
    for (Constraint c : parent.constraints) {
      if (!constraints.contains(c)) {
        return "parent constraint " + c.type() + " was removed or changed";
      }
    }
    String cost = costWidening("max_cost_per_invocation", maxCostPerInvocation, parent.maxCostPerInvocation);
    if (cost != null) {
      return cost;
    }
    cost = costWidening("max_total_cost", maxTotalCost, parent.maxTotalCost);
    if (cost != null) {
      return cost;
    }
    if (parent.requiresDpop() && !requiresDpop()) {
      return "dpop_required=true was dropped";
    }
    return null;
  }

  private static String costWidening(String field, MonetaryAmount child, MonetaryAmount parent) {
    if (parent == null) {
      return null;
    }
    if (child == null) {
      return field + " was removed (parent caps it at " + parent + ")";
    }
    if (!child.currency().equals(parent.currency())) {
      return field + " currency " + child.currency() + " differs from the parent's " + parent.currency();
    }
    if (child.units() > parent.units()) {
      return field + " " + child + " exceeds the parent's " + parent;
    }
    return null;
  }
}
