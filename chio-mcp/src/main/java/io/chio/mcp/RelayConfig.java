package io.chio.mcp;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run one governed session.
 *
 * @param serverCommand the MCP server to spawn, program first
 * @param workingDir its working directory, or null for ours
 * @param maxFrameBytes the largest JSON-RPC message accepted from either side
 * @param requestTimeout how long a request to the server may go unanswered before the client gets
 *     an error (and a {@code tools/call} an {@code incomplete} receipt)
 * @param shutdownGrace how long the server gets to exit at each step of shutting it down
 */
public record RelayConfig(List<String> serverCommand, File workingDir, int maxFrameBytes, Duration requestTimeout,
    Duration shutdownGrace) {
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);

  public RelayConfig {
    serverCommand = List.copyOf(Objects.requireNonNull(serverCommand, "serverCommand"));
    if (serverCommand.isEmpty()) {
      throw new IllegalArgumentException("no MCP server command: give it after --");
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("the frame limit must be at least 1024 bytes, got " + maxFrameBytes);
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("the request timeout must be positive");
    }
  }

  /** Defaults: 4 MiB frames, five-minute requests, two seconds per shutdown step. */
  public static RelayConfig of(List<String> serverCommand) {
    return new RelayConfig(serverCommand, null, FrameReader.DEFAULT_MAX_FRAME_BYTES, DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_SHUTDOWN_GRACE);
  }

  public RelayConfig withRequestTimeout(Duration timeout) {
    return new RelayConfig(serverCommand, workingDir, maxFrameBytes, timeout, shutdownGrace);
  }

  public RelayConfig withMaxFrameBytes(int max) {
    return new RelayConfig(serverCommand, workingDir, max, requestTimeout, shutdownGrace);
  }

  public RelayConfig withWorkingDir(File dir) {
    return new RelayConfig(serverCommand, dir, maxFrameBytes, requestTimeout, shutdownGrace);
  }
}
