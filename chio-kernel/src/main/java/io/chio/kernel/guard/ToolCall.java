package io.chio.kernel.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The facts of one tool call that a guard may look at. Arguments are the agent's own JSON and are
 * untrusted: read them through {@link io.chio.kernel.action.Arguments}, which rejects wrong types.
 *
 * @param requestId edge-assigned id of this call
 * @param serverId the tool server
 * @param toolName the tool
 * @param agentId hex public key of the calling agent
 * @param sessionId session the call belongs to, or null
 * @param capabilityId id of the presented capability, or null before one is verified
 * @param grantIndex index of the matched grant in the capability scope, or -1
 * @param arguments the call's arguments (always a JSON object; {@code {}} when none)
 * @param amountUnits governed-intent amount in minor units (e.g. a payment), or null
 * @param toolAnnotations tool annotations reported by the server (MCP readOnlyHint...), or null
 */
public record ToolCall(
    String requestId,
    String serverId,
    String toolName,
    String agentId,
    String sessionId,
    String capabilityId,
    int grantIndex,
    ObjectNode arguments,
    Long amountUnits,
    JsonNode toolAnnotations) {
  public ToolCall {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(arguments, "arguments");
  }

  /** A call with only the routing facts and arguments set; for tests and simple edges. */
  public static ToolCall of(String serverId, String toolName, ObjectNode arguments) {
    return new ToolCall("req", serverId, toolName, "agent", null, null, -1, arguments, null, null);
  }
}
