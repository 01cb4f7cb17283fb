package io.chio.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * MCP's stdio transport on the client side: newline-delimited messages on an input and an output
 * stream (the process's own stdin/stdout for {@code chio mcp serve}).
 */
public final class StdioTransport {
  private StdioTransport() {}

  /** Writes each message followed by a newline, flushed, one writer at a time. */
  public static McpRelay.ClientChannel channel(OutputStream out) {
    Objects.requireNonNull(out, "out");
    OutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
    return new McpRelay.ClientChannel() {
      @Override
      public synchronized void send(MessageKind kind, JsonNode id, byte[] frame) throws IOException {
        buffered.write(frame);
        buffered.write('\n');
        buffered.flush();
      }
    };
  }

  /**
   * Feeds {@code in} to the relay until the client closes it or the session ends otherwise, then
   * returns the session's exit status (the server is reaped by then).
   */
  public static int run(McpRelay relay, InputStream in) throws InterruptedException {
    Thread reader = new Thread(() -> {
      FrameReader frames = new FrameReader(in, relay.maxFrameBytes());
      try {
        while (!relay.ended().isDone()) {
          FrameReader.Frame f = frames.next();
          relay.onClientFrame(f);
          if (f instanceof FrameReader.Frame.End || f instanceof FrameReader.Frame.Truncated) {
            return;
          }
        }
      } catch (IOException e) {
        relay.clientClosed();
      }
    }, "mcp-client-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      return relay.ended().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("session failed", e.getCause());
    }
  }
}
