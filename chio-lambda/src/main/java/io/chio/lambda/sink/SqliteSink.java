package io.chio.lambda.sink;

import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.SqliteReceiptLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The chio-store SQLite receipt log (Merkle-checkpointed, queryable with {@code chio receipt list}). */
final class SqliteSink implements ReceiptSink {
  private final Path file;
  private final Ed25519SigningKey checkpointKey;
  private SqliteReceiptLog log;

  SqliteSink(Path file, Ed25519SigningKey checkpointKey) {
    this.file = Objects.requireNonNull(file, "file");
    this.checkpointKey = Objects.requireNonNull(checkpointKey, "checkpointKey");
  }

  @Override
  public String describe() {
    return "sqlite:" + file;
  }

  @Override
  public int maxBatch() {
    return 1000;
  }

  private SqliteReceiptLog log() throws SinkException {
    if (log == null) {
      try {
        log = SqliteReceiptLog.open(file, checkpointKey, ReceiptLogOptions.DEFAULTS);
      } catch (StoreException e) {
        throw new SinkException("cannot open receipt log " + file + ": " + e.getMessage(), e);
      }
    }
    return log;
  }

  @Override
  public synchronized void warmUp() throws SinkException {
    log();
  }

  @Override
  public synchronized void write(List<ReceiptRecord> batch) throws SinkException {
    SqliteReceiptLog l = log();
    for (ReceiptRecord r : batch) {
      try {
        l.append(r);
      } catch (StoreException e) {
        // A retried batch may hold receipts an earlier attempt stored: those are done, not failed.
        if (!alreadyStored(l, r.receiptId())) {
          throw new SinkException("receipt log " + file + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private static boolean alreadyStored(SqliteReceiptLog l, String receiptId) {
    try {
      return l.get(receiptId).isPresent();
    } catch (StoreException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (log != null) {
      try {
        log.close();
      } catch (StoreException ignored) {
        // Appends were durable when they returned; nothing is lost by a failing close.
      }
      log = null;
    }
  }
}
