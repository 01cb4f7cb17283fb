package io.chio.store;

import java.util.Objects;

/**
 * One thing wrong with a stored log, located precisely.
 *
 * @param kind what is broken
 * @param receiptSeq the receipt seq concerned, or 0 for a checkpoint-only problem
 * @param checkpointSeq the checkpoint concerned, or 0 for a receipt-only problem
 * @param message one line naming the seq/checkpoint and what failed
 */
public record LogProblem(Kind kind, long receiptSeq, long checkpointSeq, String message) {
  /** Kinds of damage, in the order a walk of the log meets them. */
  public enum Kind {
    /** A receipt seq has no row: deleted, or never written. */
    RECEIPT_MISSING,
    /** Stored receipt bytes are not a canonical receipt that verifies under the kernel key. */
    RECEIPT_INVALID,
    /** The query columns of a row disagree with its signed receipt. */
    RECEIPT_INDEX_MISMATCH,
    /** A checkpoint number has no row. */
    CHECKPOINT_MISSING,
    /** A checkpoint statement does not parse, verify, or link to its predecessor. */
    CHECKPOINT_INVALID,
    /** A checkpoint's root is not the root of the stored receipts of its batch. */
    CHECKPOINT_ROOT_MISMATCH
  }

  public LogProblem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message;
  }
}
