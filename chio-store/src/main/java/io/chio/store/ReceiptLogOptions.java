package io.chio.store;

/**
 * Tuning for {@link SqliteReceiptLog}.
 *
 * @param maxGroupCommit most receipts written in one transaction
 * @param checkpointEvery a checkpoint is issued once this many receipts are uncheckpointed, and
 *     covers at most this many
 * @param checkpointIntervalMillis any uncheckpointed receipts are checkpointed at least this often
 */
public record ReceiptLogOptions(int maxGroupCommit, int checkpointEvery, long checkpointIntervalMillis) {
  public static final ReceiptLogOptions DEFAULTS = new ReceiptLogOptions(1024, 1024, 1000);

  public ReceiptLogOptions {
    if (maxGroupCommit < 1) {
      throw new IllegalArgumentException("maxGroupCommit must be >= 1; got " + maxGroupCommit);
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be >= 1; got " + checkpointEvery);
    }
    if (checkpointIntervalMillis < 1) {
      throw new IllegalArgumentException("checkpointIntervalMillis must be >= 1; got " + checkpointIntervalMillis);
    }
  }
}
