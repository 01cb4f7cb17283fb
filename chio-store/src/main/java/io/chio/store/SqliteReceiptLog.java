package io.chio.store;

import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * The durable receipt log on one SQLite file. {@link #append} returns only after the receipt's
 * transaction committed with {@code synchronous=FULL} in WAL mode, i.e. it is on disk; concurrent
 * appends share one transaction and one fsync (group commit). Any failure to store (read-only
 * file, disk full, lock timeout) is a {@link StoreException}, so the kernel denies.
 *
 * <p>A background checkpointer commits every batch of receipts to the log's Merkle tree in a
 * signed, chained checkpoint statement; on open it resumes the chain from the stored tree.
 */
public final class SqliteReceiptLog implements ReceiptLog {
  private final Path file;
  private final Connection writerConn;
  private final Connection checkpointerConn;
  private final GroupCommitWriter writer;
  private final Thread writerThread;
  private final Checkpointer checkpointer;
  private final Thread checkpointerThread;
  private final ReceiptLogReader reader;
  // append() holds the read lock while enqueuing; close() takes the write lock to refuse further
  // appends before it drains the queue, so no append can slip in behind the shutdown marker.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private SqliteReceiptLog(
      Path file, Connection writerConn, Connection checkpointerConn, Checkpointer checkpointer, ReceiptLogOptions options)
      throws StoreException {
    this.file = file;
    this.writerConn = writerConn;
    this.checkpointerConn = checkpointerConn;
    this.checkpointer = checkpointer;
    this.writer = new GroupCommitWriter(writerConn, options.maxGroupCommit(), checkpointer::committed);
    checkpointer.writeThrough(this::submit);
    this.reader = ReceiptLogReader.open(file);
    String name = file.getFileName().toString();
    this.writerThread = new Thread(writer, "chio-receipt-writer " + name);
    this.writerThread.setDaemon(true);
    this.checkpointerThread = new Thread(checkpointer, "chio-checkpointer " + name);
    this.checkpointerThread.setDaemon(true);
    this.writerThread.start();
    this.checkpointerThread.start();
  }

  /**
   * Opens (creating if needed) the log at {@code file}. {@code kernelKey} signs the checkpoints; it
   * must be the key that signs the receipts, and the key that signed the stored chain head.
   *
   * @throws StoreException if the file cannot be opened for writing, or its checkpoint chain head
   *     does not verify (the kernel must then deny; {@code chio receipt verify} explains)
   */
  public static SqliteReceiptLog open(Path file, Ed25519SigningKey kernelKey, ReceiptLogOptions options)
      throws StoreException {
    return open(file, kernelKey, options, () -> System.currentTimeMillis() / 1000, c -> {});
  }

  /** Tests inject the clock and use {@code writerSetup} to put the writer connection into failure modes. */
  static SqliteReceiptLog open(
      Path file, Ed25519SigningKey kernelKey, ReceiptLogOptions options, LongSupplier clockEpochSeconds,
      Sqlite.Setup writerSetup) throws StoreException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kernelKey, "kernelKey");
    Objects.requireNonNull(options, "options");
    Connection conn = Sqlite.openReadWrite(file);
    Connection cpConn = null;
    try {
      ReceiptSchema.create(conn);
      // The checkpointer thread copies the WAL into the database file (see Checkpointer).
      Sqlite.exec(conn, "PRAGMA wal_autocheckpoint = 0");
      writerSetup.apply(conn);
      cpConn = Sqlite.openReadWrite(file);
      Checkpointer cp =
          new Checkpointer(cpConn, kernelKey, options.checkpointEvery(), options.checkpointIntervalMillis(), clockEpochSeconds);
      cp.resume();
      return new SqliteReceiptLog(file, conn, cpConn, cp, options);
    } catch (SQLException e) {
      Sqlite.closeQuietly(conn);
      Sqlite.closeQuietly(cpConn);
      throw new StoreException("cannot open receipt log " + file + ": " + e.getMessage(), e);
    } catch (StoreException | RuntimeException e) {
      Sqlite.closeQuietly(conn);
      Sqlite.closeQuietly(cpConn);
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
      writer.enqueue(GroupCommitWriter.Pending.append(record, result));
    } finally {
      lifecycle.readLock().unlock();
    }
    return await(result);
  }

  /** Runs {@code work} in the writer's next transaction (checkpoint writes; also used by close). */
  private long submit(Sqlite.Work<Long> work) throws StoreException {
    CompletableFuture<Long> result = new CompletableFuture<>();
    writer.enqueue(GroupCommitWriter.Pending.work(work, result));
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

  /** Number of the last stored checkpoint (0 before the first). */
  public long checkpointSeq() {
    return checkpointer.checkpointSeq();
  }

  /** Highest receipt seq covered by a stored checkpoint. */
  public long checkpointedSeq() {
    return checkpointer.checkpointedSeq();
  }

  /** Why the last checkpoint attempt failed, if it did (it is retried on the next interval). */
  public Optional<StoreException> checkpointError() {
    return Optional.ofNullable(checkpointer.lastError());
  }

  /**
   * Waits until every receipt up to {@code seq} is in a stored checkpoint; returns false on
   * timeout. The checkpointer wakes at least every checkpoint interval.
   */
  public boolean awaitCheckpointed(long seq, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (checkpointer.checkpointedSeq() < seq) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Stops accepting appends, finishes the queued ones, checkpoints everything committed and closes
   * the file. A crash instead of a close loses nothing acknowledged: the checkpointer picks up the
   * uncheckpointed tail on the next open.
   */
  @Override
  public void close() throws StoreException {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true; // no append is accepted from here on
    } finally {
      lifecycle.writeLock().unlock();
    }
    StoreException failure = null;
    boolean interrupted;
    CompletableFuture<Long> drained = new CompletableFuture<>();
    writer.enqueue(GroupCommitWriter.Pending.barrier(drained));
    try {
      await(drained); // every append queued before close() has been answered
    } catch (StoreException e) {
      failure = e;
    }
    checkpointer.stop();
    interrupted = joinQuietly(checkpointerThread);
    checkpointer.catchUp(true); // writes through the writer, which is still running
    if (failure == null && checkpointer.lastError() != null) {
      failure = new StoreException("receipt log " + file + " closed without a final checkpoint: "
          + checkpointer.lastError().getMessage(), checkpointer.lastError());
    }
    writer.enqueue(GroupCommitWriter.Pending.stop());
    interrupted |= joinQuietly(writerThread);
    reader.close();
    Sqlite.closeQuietly(checkpointerConn);
    try {
      writerConn.close();
    } catch (SQLException e) {
      if (failure == null) {
        failure = new StoreException("closing receipt log " + file + ": " + e.getMessage(), e);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static boolean joinQuietly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }
}
