package io.chio.store;

import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.HttpReceipt;
import io.chio.kernel.store.ReceiptRecord;
import java.util.Objects;

/** Builds the log's {@link ReceiptRecord} (exact canonical bytes + index columns) from signed receipts. */
public final class ReceiptRecords {
  private ReceiptRecords() {}

  /**
   * @param subject the capability subject (agent key hex), or null
   * @param costUnits realized cost in minor units, or null
   */
  public static ReceiptRecord of(ChioReceipt r, String subject, Long costUnits) {
    Objects.requireNonNull(r, "receipt");
    return new ReceiptRecord(
        r.canonicalBytes(),
        r.id(),
        "chio",
        r.timestamp(),
        r.capabilityId(),
        subject,
        r.toolServer(),
        r.toolName(),
        r.decision().map(Decision::verdict).orElse(null),
        costUnits);
  }

  /**
   * @param serverId the protected server's id (the tool-server column)
   * @param subject the caller's capability subject, or null
   */
  public static ReceiptRecord of(HttpReceipt r, String serverId, String subject, Long costUnits) {
    Objects.requireNonNull(r, "receipt");
    String verdict = r.verdict().verdict();
    return new ReceiptRecord(
        r.canonicalBytes(),
        r.id(),
        "http",
        r.timestamp(),
        r.capabilityId().orElse(null),
        subject,
        serverId,
        r.routePattern(),
        verdict.equals("cancel") ? "cancelled" : verdict,
        costUnits);
  }
}
