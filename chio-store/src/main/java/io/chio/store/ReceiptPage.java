package io.chio.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a receipt query, oldest first. {@code nextCursor} is present when more receipts
 * may match; pass it back to get the next page.
 */
public record ReceiptPage(List<StoredReceipt> receipts, Optional<String> nextCursor) {
  public ReceiptPage {
    receipts = List.copyOf(Objects.requireNonNull(receipts, "receipts"));
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}
