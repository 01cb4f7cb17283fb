package io.chio.kernel.store;

import java.util.Objects;

/**
 * A signed receipt as the log stores it: its exact canonical bytes plus the columns it is queried
 * by. Works for both ChioReceipt and HttpReceipt.
 *
 * @param canonicalJson the signed receipt's canonical JSON bytes (the Merkle leaf)
 * @param receiptId the receipt's id
 * @param kind {@code chio} or {@code http}
 * @param timestamp receipt timestamp, Unix seconds
 * @param capabilityId capability id, or null
 * @param subject the agent (capability subject) hex key, or null
 * @param toolServer tool server (or protected server id), or null
 * @param toolName tool name (or route pattern), or null
 * @param outcome allow | deny | cancelled | incomplete | pending_approval, or null for observations
 * @param costUnits realized cost in minor units, or null
 */
public record ReceiptRecord(
    byte[] canonicalJson,
    String receiptId,
    String kind,
    long timestamp,
    String capabilityId,
    String subject,
    String toolServer,
    String toolName,
    String outcome,
    Long costUnits) {
  public ReceiptRecord {
    Objects.requireNonNull(canonicalJson, "canonicalJson");
    Objects.requireNonNull(receiptId, "receiptId");
    Objects.requireNonNull(kind, "kind");
  }
}
