package io.chio.protect;

import java.io.ByteArrayOutputStream;
import java.util.function.BiConsumer;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body into memory, refusing it as soon as it grows past the limit (the body hash
 * is part of the decision, so the whole body is needed before forwarding). Non-blocking: reads what
 * is there, then asks to be called back.
 */
final class BodyReader implements Runnable {
  /** The body exceeded the configured limit. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge(long max) {
      super("request body exceeds the limit of " + max + " bytes");
    }
  }

  private final Content.Source source;
  private final long max;
  private final BiConsumer<byte[], Throwable> done;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private BodyReader(Content.Source source, long max, BiConsumer<byte[], Throwable> done) {
    this.source = source;
    this.max = max;
    this.done = done;
  }

  /** Calls {@code done} exactly once with the body or the failure ({@link TooLarge} past {@code max}). */
  static void read(Content.Source source, long max, BiConsumer<byte[], Throwable> done) {
    new BodyReader(source, max, done).run();
  }

  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = source.read();
      if (chunk == null) {
        source.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        done.accept(null, chunk.getFailure());
        return;
      }
      int n = chunk.remaining();
      if (out.size() + (long) n > max) {
        chunk.release();
        TooLarge tooLarge = new TooLarge(max);
        source.fail(tooLarge);
        done.accept(null, tooLarge);
        return;
      }
      if (n > 0) {
        byte[] bytes = new byte[n];
        chunk.getByteBuffer().get(bytes);
        out.write(bytes, 0, n);
      }
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        done.accept(out.toByteArray(), null);
        return;
      }
    }
  }
}
