package io.chio.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads newline-delimited frames (MCP's stdio framing) with a byte ceiling. A line longer than the
 * ceiling is skipped up to its newline and reported as {@link Frame.Oversized}, so one hostile
 * frame costs at most the ceiling in memory and never desynchronizes the stream. A trailing
 * {@code \r} is dropped; blank lines are ignored; bytes after the last newline at end of stream are
 * reported as {@link Frame.Truncated}, never as a complete frame. Not thread-safe.
 */
final class FrameReader {
  /** MCP's default frame ceiling in chio: 4 MiB. */
  static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

  sealed interface Frame {
    /** One complete line without its terminator. */
    record Line(byte[] bytes) implements Frame {}

    /** A line of {@code length} bytes (at least the ceiling + 1) that was skipped. */
    record Oversized(long length) implements Frame {}

    /** End of stream in the middle of a line of {@code length} bytes. */
    record Truncated(long length) implements Frame {}

    record End() implements Frame {}
  }

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] line = new byte[8 * 1024];
  private int lineLen;

  FrameReader(InputStream in, int maxBytes) {
    this.in = Objects.requireNonNull(in, "in");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The next frame; blocks until a newline or the end of the stream. */
  Frame next() throws IOException {
    while (true) {
      Frame f = nextRaw();
      if (f instanceof Frame.Line l && l.bytes().length == 0) {
        continue;
      }
      return f;
    }
  }

  private Frame nextRaw() throws IOException {
    lineLen = 0;
    long total = 0;
    boolean skipping = false;
    while (true) {
      if (pos == limit) {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          if (total == 0) {
            return new Frame.End();
          }
          return new Frame.Truncated(total);
        }
        pos = 0;
        limit = n;
      }
      int nl = -1;
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? limit : nl;
      int chunk = end - pos;
      total += chunk;
      if (!skipping && total > maxBytes + 1L) {
        // +1 tolerates the \r of a CRLF terminator on a frame of exactly maxBytes.
        skipping = true;
        lineLen = 0;
      }
      if (!skipping) {
        append(buf, pos, chunk);
      }
      pos = end;
      if (nl >= 0) {
        pos = nl + 1;
        if (skipping) {
          return new Frame.Oversized(total);
        }
        int len = lineLen;
        if (len > 0 && line[len - 1] == '\r') {
          len--;
        }
        if (len > maxBytes) {
          return new Frame.Oversized(total);
        }
        return new Frame.Line(Arrays.copyOf(line, len));
      }
    }
  }

  private void append(byte[] src, int off, int n) {
    if (lineLen + n > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLen + n, line.length * 2));
    }
    System.arraycopy(src, off, line, lineLen, n);
    lineLen += n;
  }
}
