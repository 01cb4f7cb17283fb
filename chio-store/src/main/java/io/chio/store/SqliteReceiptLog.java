package io.chio.store;

import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The durable receipt log on one SQLite file. {@link #append} returns only after the receipt's
 * transaction committed with {@code synchronous=FULL} in WAL mode, i.e. it is on disk; concurrent
 * appends share one transaction and one fsync (group commit). Any failure to store (read-only
 * file, disk full, lock timeout) is a {@link StoreException}, so the kernel denies.
 */
public final class SqliteReceiptLog implements ReceiptLog {
  private final Path file;
  private final Connection writerConn;
  private final GroupCommitWriter writer;
  private final Thread writerThread;
  private final ReceiptLogReader reader;
  // append() holds the read lock while enqueuing; close() takes the write lock to enqueue the
  // shutdown marker, so no append can slip in behind the marker and wait forever.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private SqliteReceiptLog(Path file, Connection writerConn, ReceiptLogOptions options) throws StoreException {
    this.file = file;
    this.writerConn = writerConn;
    this.writer = new GroupCommitWriter(writerConn, options.maxGroupCommit(), lastSeq -> {});
    this.reader = ReceiptLogReader.open(file);
    this.writerThread = new Thread(writer, "chio-receipt-writer " + file.getFileName());
    this.writerThread.setDaemon(true);
    this.writerThread.start();
  }

  /** Opens (creating if needed) the log at {@code file}. */
  public static SqliteReceiptLog open(Path file, ReceiptLogOptions options) throws StoreException {
    return open(file, options, c -> {});
  }

  /** Tests use {@code writerSetup} to put the writer connection into failure modes (read-only, full). */
  static SqliteReceiptLog open(Path file, ReceiptLogOptions options, Sqlite.Setup writerSetup) throws StoreException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    Connection conn = Sqlite.openReadWrite(file);
    try {
      ReceiptSchema.create(conn);
      writerSetup.apply(conn);
      return new SqliteReceiptLog(file, conn, options);
    } catch (SQLException e) {
      Sqlite.closeQuietly(conn);
      throw new StoreException("cannot open receipt log " + file + ": " + e.getMessage(), e);
    } catch (StoreException | RuntimeException e) {
      Sqlite.closeQuietly(conn);
      throw e;
    }
  }

  @Override
  public long append(ReceiptRecord record) throws StoreException {
    Objects.requireNonNull(record, "record");
    CompletableFuture<Long> result = new CompletableFuture<>();
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException("receipt log " + file + " is closed");
      }
      writer.enqueue(new GroupCommitWriter.Pending(record, result));
    } finally {
      lifecycle.readLock().unlock();
    }
    return await(result);
  }

  // The writer always completes the future. Waiting through interrupts keeps the answer true:
  // returning early could report a failure for a receipt that then commits.
  private static long await(CompletableFuture<Long> result) throws StoreException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof StoreException se) {
            throw new StoreException(se.getMessage(), se);
          }
          throw new StoreException("receipt append failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Queries and proofs over this log (read-only connection on the same file). */
  public ReceiptLogReader reader() {
    return reader;
  }

  public ReceiptPage list(ReceiptFilter filter, int limit, String cursor) throws StoreException {
    return reader.list(filter, limit, cursor);
  }

  public Optional<StoredReceipt> get(String receiptId) throws StoreException {
    return reader.get(receiptId);
  }

  public Path file() {
    return file;
  }

  /** Write transactions committed since open; receipts/commits is the group-commit factor. */
  public long commitCount() {
    return writer.commits();
  }

  @Override
  public void close() throws StoreException {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      writer.enqueue(new GroupCommitWriter.Pending(null, null));
    } finally {
      lifecycle.writeLock().unlock();
    }
    boolean interrupted = false;
    while (writerThread.isAlive()) {
      try {
        writerThread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    reader.close();
    try {
      writerConn.close();
    } catch (SQLException e) {
      throw new StoreException("closing receipt log " + file + ": " + e.getMessage(), e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
