package io.chio.mcp;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The wrapped MCP server: a child process spoken to over its stdin/stdout, one JSON-RPC message
 * per line. Its stderr is the user's (MCP servers log there). {@link #close} always reaps it and
 * any processes it started (npx starts node), escalating from end-of-input to SIGTERM to SIGKILL.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final OutputStream stdin;
  private final Thread reader;
  private final Duration grace;
  private final Object writeLock = new Object();
  private volatile boolean closed;

  private ServerProcess(Process process, Duration grace, Thread reader) {
    this.process = process;
    this.stdin = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
    this.grace = grace;
    this.reader = reader;
  }

  /**
   * Starts {@code command}; every frame it writes goes to {@code onFrame} on a dedicated thread,
   * then {@code onExit} gets its exit code once its stdout has ended.
   *
   * @throws IOException when the command cannot be started (not found, not executable)
   */
  static ServerProcess start(List<String> command, File workingDir, int maxFrameBytes, Duration grace,
      Consumer<FrameReader.Frame> onFrame, IntConsumer onExit) throws IOException {
    Objects.requireNonNull(command, "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no server command given");
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (workingDir != null) {
      pb.directory(workingDir);
    }
    Process p = pb.start();
    ServerProcess[] self = new ServerProcess[1];
    Thread t = new Thread(() -> self[0].pump(maxFrameBytes, onFrame, onExit), "mcp-server-reader-" + p.pid());
    t.setDaemon(true);
    self[0] = new ServerProcess(p, grace, t);
    t.start();
    return self[0];
  }

  private void pump(int maxFrameBytes, Consumer<FrameReader.Frame> onFrame, IntConsumer onExit) {
    FrameReader frames = new FrameReader(process.getInputStream(), maxFrameBytes);
    try {
      while (true) {
        FrameReader.Frame f = frames.next();
        onFrame.accept(f);
        if (f instanceof FrameReader.Frame.End || f instanceof FrameReader.Frame.Truncated) {
          break;
        }
      }
    } catch (IOException e) {
      // The pipe broke: the server is gone or being closed; the exit code tells which.
    }
    int code;
    try {
      // Stdout closed; a server that closes it but keeps running is ended here, not waited on forever.
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        terminate();
      }
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    onExit.accept(code);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Writes one frame and a newline. */
  void send(byte[] frame) throws IOException {
    synchronized (writeLock) {
      if (closed) {
        throw new IOException("server input is closed");
      }
      stdin.write(frame);
      stdin.write('\n');
      stdin.flush();
    }
  }

  /**
   * Ends the server: closes its input (a well-behaved MCP server exits on EOF), waits the grace
   * period, then SIGTERM, then SIGKILL, for it and its descendants. Returns once it is reaped.
   */
  @Override
  public void close() {
    List<ProcessHandle> tree = process.descendants().toList();
    synchronized (writeLock) {
      closed = true;
      try {
        stdin.close();
      } catch (IOException e) {
        // Already gone.
      }
    }
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        terminate();
      }
      process.waitFor();
      if (Thread.currentThread() != reader) {
        reader.join(grace.toMillis());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // Grandchildren that outlived their parent (e.g. node under npx) are ended too.
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private void terminate() throws InterruptedException {
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    tree.forEach(ProcessHandle::destroyForcibly);
  }
}
