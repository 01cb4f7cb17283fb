package io.chio.lambda.sink;

import io.chio.kernel.store.ReceiptRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/** JSON Lines: one signed receipt (its canonical bytes) per line, appended and fsynced per batch. */
final class FileSink implements ReceiptSink {
  private final Path file;
  private FileChannel channel;

  FileSink(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public String describe() {
    return "file:" + file;
  }

  @Override
  public int maxBatch() {
    return 1000;
  }

  private FileChannel channel() throws IOException {
    if (channel == null) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    return channel;
  }

  @Override
  public synchronized void warmUp() throws SinkException {
    try {
      channel();
    } catch (IOException e) {
      throw new SinkException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void write(List<ReceiptRecord> batch) throws SinkException {
    int size = 0;
    for (ReceiptRecord r : batch) {
      size += r.canonicalJson().length + 1;
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    for (ReceiptRecord r : batch) {
      buf.put(r.canonicalJson()).put((byte) '\n');
    }
    buf.flip();
    try {
      FileChannel ch = channel();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    } catch (IOException e) {
      closeQuietly();
      throw new SinkException("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Reopened on the next write.
      }
      channel = null;
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}
