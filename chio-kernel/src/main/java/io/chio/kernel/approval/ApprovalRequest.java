package io.chio.kernel.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/**
 * A call waiting for a human (KERNEL.md section 5). It names exactly one call: the capability,
 * subject, server, tool and the {@code parameter_hash} of its arguments; an approval token for it
 * lets that call, and only that call, through once.
 *
 * @param approvalId unique id the approver's token must name
 * @param capabilityId the capability the call was made under
 * @param subject hex public key of the calling agent (the capability subject)
 * @param serverId the tool server
 * @param toolName the tool
 * @param parameterHash {@code sha256_hex(canonical(arguments))}
 * @param amountUnits the governed amount in minor units, or null
 * @param reason why approval is needed (shown to the approver)
 * @param createdAt Unix seconds
 * @param expiresAt Unix seconds; from then on the request can no longer be approved
 */
public record ApprovalRequest(
    String approvalId,
    String capabilityId,
    String subject,
    String serverId,
    String toolName,
    String parameterHash,
    Long amountUnits,
    String reason,
    long createdAt,
    long expiresAt) {
  private static final Set<String> FIELDS = Set.of("approval_id", "capability_id", "subject", "tool_server", "tool_name",
      "parameter_hash", "amount_units", "reason", "created_at", "expires_at");

  public ApprovalRequest {
    Objects.requireNonNull(approvalId, "approvalId");
    Objects.requireNonNull(capabilityId, "capabilityId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(parameterHash, "parameterHash");
    Objects.requireNonNull(reason, "reason");
    if (expiresAt <= createdAt) {
      throw new IllegalArgumentException("expiresAt must be after createdAt");
    }
  }

  public boolean isExpired(long nowEpochSeconds) {
    return nowEpochSeconds >= expiresAt;
  }

  /** The wire form, e.g. for {@code GET /approvals/pending}; {@code amount_units} omitted when none. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("approval_id", approvalId);
    o.put("capability_id", capabilityId);
    o.put("subject", subject);
    o.put("tool_server", serverId);
    o.put("tool_name", toolName);
    o.put("parameter_hash", parameterHash);
    if (amountUnits != null) {
      o.put("amount_units", amountUnits);
    }
    o.put("reason", reason);
    o.put("created_at", createdAt);
    o.put("expires_at", expiresAt);
    return o;
  }

  public static ApprovalRequest fromJson(JsonNode json) {
    String path = "approval_request";
    Fields.asObject(json, path);
    Fields.onlyKnown(json, FIELDS, path);
    return new ApprovalRequest(
        Fields.text(json, "approval_id", path),
        Fields.text(json, "capability_id", path),
        Fields.text(json, "subject", path),
        Fields.text(json, "tool_server", path),
        Fields.text(json, "tool_name", path),
        Fields.text(json, "parameter_hash", path),
        Fields.optU63(json, "amount_units", path),
        Fields.text(json, "reason", path),
        Fields.u63(json, "created_at", path),
        Fields.u63(json, "expires_at", path));
  }
}
