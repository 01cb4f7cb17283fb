package io.chio.kernel.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/**
 * An approver's signed answer to one {@link ApprovalRequest} ({@code chio.approval_token.v1}).
 *
 * <pre>
 * {"schema":"chio.approval_token.v1", "id":..., "approval_id":..., "capability_id":...,
 *  "subject":<agent hex>, "tool_server":..., "tool_name":..., "parameter_hash":...,
 *  "decision":"approved"|"denied", "approver":<hex>, "issued_at":..., "expires_at":...,
 *  "signature":<hex>}
 * </pre>
 *
 * The approver signs the canonical JSON of every field but {@code signature} with Ed25519. All
 * fields are required; unknown fields are rejected. The token repeats every binding field of the
 * request so that it cannot be moved to another call even if a store were to confuse ids.
 */
public final class ApprovalToken {
  public static final String SCHEMA = "chio.approval_token.v1";

  private static final Set<String> FIELDS = Set.of("schema", "id", "approval_id", "capability_id", "subject", "tool_server",
      "tool_name", "parameter_hash", "decision", "approver", "issued_at", "expires_at", "signature");

  public enum Decision {
    APPROVED("approved"),
    DENIED("denied");

    private final String wire;

    Decision(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Decision parse(String s, String path) {
      for (Decision d : values()) {
        if (d.wire.equals(s)) {
          return d;
        }
      }
      throw new ChioFormatException(path + ": expected approved or denied, got \"" + s + "\"");
    }
  }

  private final ObjectNode body;
  private final String id;
  private final String approvalId;
  private final Decision decision;
  private final Ed25519PublicKey approver;
  private final long issuedAt;
  private final long expiresAt;
  private final Ed25519Signature signature;

  private ApprovalToken(ObjectNode body, Ed25519Signature signature) {
    String path = "approval_token";
    String schema = Fields.text(body, "schema", path);
    if (!SCHEMA.equals(schema)) {
      throw new ChioFormatException(path + ".schema: expected \"" + SCHEMA + "\", got \"" + schema + "\"");
    }
    for (String f : new String[] {"capability_id", "subject", "tool_server", "tool_name", "parameter_hash"}) {
      Fields.text(body, f, path);
    }
    this.body = body;
    this.id = Fields.text(body, "id", path);
    this.approvalId = Fields.text(body, "approval_id", path);
    this.decision = Decision.parse(Fields.text(body, "decision", path), path + ".decision");
    this.approver = Ed25519PublicKey.fromHex(Fields.text(body, "approver", path), path + ".approver");
    this.issuedAt = Fields.u63(body, "issued_at", path);
    this.expiresAt = Fields.u63(body, "expires_at", path);
    this.signature = signature;
  }

  /** Signs an answer to {@code request}, valid from {@code issuedAt} (inclusive) to {@code expiresAt} (exclusive). */
  public static ApprovalToken sign(Ed25519SigningKey approverKey, ApprovalRequest request, Decision decision, String tokenId,
      long issuedAt, long expiresAt) {
    Objects.requireNonNull(approverKey, "approverKey");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(tokenId, "tokenId");
    ObjectNode body = Json.object();
    body.put("schema", SCHEMA);
    body.put("id", tokenId);
    body.put("approval_id", request.approvalId());
    body.put("capability_id", request.capabilityId());
    body.put("subject", request.subject());
    body.put("tool_server", request.serverId());
    body.put("tool_name", request.toolName());
    body.put("parameter_hash", request.parameterHash());
    body.put("decision", decision.wire());
    body.put("approver", approverKey.publicKey().toHex());
    body.put("issued_at", issuedAt);
    body.put("expires_at", expiresAt);
    return new ApprovalToken(body, approverKey.sign(CanonicalJson.bytes(body)));
  }

  /** Parses the wire form strictly (unknown or missing fields, wrong types and bad hex are errors). */
  public static ApprovalToken fromJson(JsonNode json) {
    String path = "approval_token";
    Fields.asObject(json, path);
    Fields.onlyKnown(json, FIELDS, path);
    Ed25519Signature sig = Ed25519Signature.fromHex(Fields.text(json, "signature", path), path + ".signature");
    ObjectNode body = ((ObjectNode) json).deepCopy();
    body.remove("signature");
    return new ApprovalToken(body, sig);
  }

  public ObjectNode toJson() {
    ObjectNode o = body.deepCopy();
    o.put("signature", signature.toHex());
    return o;
  }

  /** True when the signature verifies under the token's own {@code approver} key. */
  boolean signatureVerifies() {
    return approver.verify(CanonicalJson.bytes(body), signature);
  }

  String field(String name) {
    return body.get(name).textValue();
  }

  public String id() {
    return id;
  }

  public String approvalId() {
    return approvalId;
  }

  public Decision decision() {
    return decision;
  }

  public Ed25519PublicKey approver() {
    return approver;
  }

  public long issuedAt() {
    return issuedAt;
  }

  public long expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "ApprovalToken{id=" + id + ", approval=" + approvalId + ", decision=" + decision.wire() + ", approver=" + approver + "}";
  }
}
