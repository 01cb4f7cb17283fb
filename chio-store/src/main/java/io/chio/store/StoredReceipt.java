package io.chio.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One row of the receipt log: the log position, the index columns and the receipt's exact
 * canonical JSON bytes (the Merkle leaf).
 */
public record StoredReceipt(
    long seq,
    String receiptId,
    String kind,
    long timestamp,
    String capabilityId,
    String subject,
    String toolServer,
    String toolName,
    String outcome,
    Long costUnits,
    byte[] canonicalJson) {
  public StoredReceipt {
    Objects.requireNonNull(receiptId, "receiptId");
    Objects.requireNonNull(kind, "kind");
    canonicalJson = Objects.requireNonNull(canonicalJson, "canonicalJson").clone();
  }

  /** A copy of the stored bytes. */
  @Override
  public byte[] canonicalJson() {
    return canonicalJson.clone();
  }

  /** The stored bytes as UTF-8 text (one JSON Lines record). */
  public String json() {
    return new String(canonicalJson, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredReceipt r
        && seq == r.seq
        && timestamp == r.timestamp
        && receiptId.equals(r.receiptId)
        && kind.equals(r.kind)
        && Objects.equals(capabilityId, r.capabilityId)
        && Objects.equals(subject, r.subject)
        && Objects.equals(toolServer, r.toolServer)
        && Objects.equals(toolName, r.toolName)
        && Objects.equals(outcome, r.outcome)
        && Objects.equals(costUnits, r.costUnits)
        && Arrays.equals(canonicalJson, r.canonicalJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seq, receiptId) * 31 + Arrays.hashCode(canonicalJson);
  }

  @Override
  public String toString() {
    return "StoredReceipt{seq=" + seq + ", id=" + receiptId + ", outcome=" + outcome + "}";
  }
}
