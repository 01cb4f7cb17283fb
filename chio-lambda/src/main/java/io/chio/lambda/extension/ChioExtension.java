package io.chio.lambda.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.lambda.Evaluator;
import io.chio.lambda.sink.ReceiptSink;
import io.chio.lambda.sink.SinkLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Chio Lambda extension process (EDGES.md section 3). INIT: register with the Extensions API,
 * load the signing key, open the receipt sink, load and compile the policy, listen on loopback.
 * Then the event loop: INVOKE events name the request id receipts carry; SHUTDOWN stops the
 * listener, closes allowed calls that were never recorded, and flushes every buffered receipt
 * within the shutdown window. Without {@code AWS_LAMBDA_RUNTIME_API} it runs the same way outside
 * Lambda until {@link #requestStop()} (SIGTERM).
 *
 * <p>Fail closed: a policy, key or sink that cannot be loaded is reported with {@code init/error}
 * and every evaluation is a signed deny; receipts that could not be flushed are reported with
 * {@code exit/error} and written to stderr rather than lost.
 */
public final class ChioExtension {
  /** Kept back from Lambda's SHUTDOWN deadline for the last reports. */
  static final long SHUTDOWN_MARGIN_MS = 200;
  /** Upper bound of the flush when the SHUTDOWN event names no deadline (Lambda gives extensions 2 s). */
  static final long SHUTDOWN_WINDOW_MS = 1800;

  private final ExtensionConfig cfg;
  private final Consumer<String> diag;
  private final ExtensionsApi api;
  private final SinkLog log;
  private final Evaluator evaluator;
  private final EvaluatorServer server;
  private final String initError;
  private final long startedNanos;
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile String currentRequest = "init";
  private volatile int exitCode = -1;

  private ChioExtension(ExtensionConfig cfg, Consumer<String> diag, ExtensionsApi api, SinkLog log, Evaluator evaluator,
      EvaluatorServer server, String initError, long startedNanos) {
    this.cfg = cfg;
    this.diag = diag;
    this.api = api;
    this.log = log;
    this.evaluator = evaluator;
    this.server = server;
    this.initError = initError;
    this.startedNanos = startedNanos;
  }

  /**
   * Runs INIT and returns listening. Problems with the policy, key or sink do not stop it (they
   * are reported and every evaluation denies); only failing to register or to listen does.
   *
   * @throws IOException when the Extensions API refuses registration or the address cannot be bound
   */
  public static ChioExtension start(ExtensionConfig cfg, Consumer<String> diag, Clock clock) throws IOException {
    Objects.requireNonNull(cfg, "cfg");
    Objects.requireNonNull(diag, "diag");
    Objects.requireNonNull(clock, "clock");
    long t0 = System.nanoTime();
    ExtensionsApi api = null;
    if (cfg.runtimeApi != null) {
      api = new ExtensionsApi(cfg.runtimeApi);
      api.register(cfg.extensionName);
    }
    long registered = System.nanoTime();
    Assembly a = Assembly.assemble(cfg, diag, clock);
    SinkLog log = a.log();
    Evaluator evaluator = a.evaluator();
    ReceiptSink sink = log.sink();
    Ed25519SigningKey key = a.key();
    ChioExtension[] self = new ChioExtension[1];
    EvaluatorServer server;
    try {
      server = new EvaluatorServer(cfg.listen, evaluator, log, () -> self[0].nextRequestId(), () -> self[0].lifecycleJson());
    } catch (IOException e) {
      String msg = "cannot listen on " + cfg.listen + ": " + e.getMessage();
      if (api != null) {
        try {
          api.initError("Extension.ListenFailed", msg);
        } catch (IOException ignored) {
          // Registration worked, reporting did not: the failed start below is the report.
        }
      }
      log.close();
      throw new IOException(msg, e);
    }
    ChioExtension ext = new ChioExtension(cfg, diag, api, log, evaluator, server, evaluator.failure(), t0);
    self[0] = ext;
    server.start();
    if (ext.initError != null) {
      diag.accept("chio: fail-closed, every evaluation denies: " + ext.initError);
      if (api != null) {
        try {
          api.initError("Chio.InitFailed", ext.initError);
        } catch (IOException e) {
          diag.accept("chio: could not report init/error: " + e.getMessage());
        }
      }
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    diag.accept("chio: " + (api != null ? "registered and listening" : "listening (no AWS_LAMBDA_RUNTIME_API: local mode)") + " on "
        + hostPort(server.address()) + " in " + ms + " ms; policy " + (ext.initError == null ? evaluator.policyHash() : "FAILED") + ", sink "
        + sink.describe() + " (" + log.mode() + "), kernel key " + key.publicKey().toHex() + " (register "
        + TimeUnit.NANOSECONDS.toMillis(registered - t0) + " ms, " + a.timings() + ")");
    ReceiptSink warm = sink;
    Thread warmer = new Thread(() -> {
      try {
        warm.warmUp();
      } catch (Exception | LinkageError e) {
        diag.accept("chio: receipt sink " + warm.describe() + " not ready yet: " + e.getMessage());
      }
    }, "chio-sink-warmup");
    warmer.setDaemon(true);
    warmer.start();
    return ext;
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  public InetSocketAddress address() {
    return server.address();
  }

  public Evaluator evaluator() {
    return evaluator;
  }

  public SinkLog sinkLog() {
    return log;
  }

  /** The reason INIT failed closed, or null. */
  public String initError() {
    return initError;
  }

  private String nextRequestId() {
    return currentRequest + "#" + calls.incrementAndGet();
  }

  private ObjectNode lifecycleJson() {
    return Json.object()
        .put("extension", cfg.extensionName)
        .put("registered", api != null)
        .put("invocations", invocations.get())
        .put("current_request_id", currentRequest)
        .put("uptime_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
  }

  /**
   * Runs the event loop until SHUTDOWN (in Lambda) or {@link #requestStop()} (local), flushes, and
   * returns the exit code: 0 when every receipt reached the sink, 1 otherwise.
   */
  public int run() {
    try {
      if (api == null) {
        awaitStop();
        return exitCode = shutdown("local stop", System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WINDOW_MS));
      }
      int failures = 0;
      while (true) {
        JsonNode ev;
        try {
          ev = api.next();
          failures = 0;
        } catch (IOException | RuntimeException e) {
          if (++failures >= 3) {
            diag.accept("chio: event/next keeps failing (" + e.getMessage() + "); flushing and exiting");
            int code = shutdown("event loop failure", System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WINDOW_MS));
            reportExit("Chio.EventLoopFailed", "event/next failed: " + e.getMessage());
            return exitCode = Math.max(code, 1);
          }
          sleep(100);
          continue;
        }
        String type = ev.path("eventType").asText("");
        if (type.equals("INVOKE")) {
          invocations.incrementAndGet();
          currentRequest = ev.path("requestId").asText("unknown");
        } else if (type.equals("SHUTDOWN")) {
          return exitCode = shutdown(ev.path("shutdownReason").asText("unknown"), deadline(ev.path("deadlineMs").asLong(0)));
        } else {
          diag.accept("chio: ignoring lifecycle event " + type);
        }
      }
    } finally {
      finished.countDown();
    }
  }

  private static long deadline(long deadlineMs) {
    long now = System.nanoTime();
    long window = TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WINDOW_MS);
    if (deadlineMs <= 0) {
      return now + window;
    }
    long left = deadlineMs - System.currentTimeMillis() - SHUTDOWN_MARGIN_MS;
    return now + Math.min(window, TimeUnit.MILLISECONDS.toNanos(Math.max(0, left)));
  }

  private int shutdown(String reason, long deadlineNanos) {
    server.stop(0);
    int cancelled = evaluator.cancelPending("environment shut down (" + reason + ") before /v1/record");
    long before = log.status().written();
    List<ReceiptRecord> left = log.drain(deadlineNanos);
    long flushed = log.status().written() - before;
    log.close();
    if (left.isEmpty()) {
      diag.accept("chio: shutdown (" + reason + "): " + flushed + " receipts flushed to " + log.sink().describe()
          + (cancelled > 0 ? ", " + cancelled + " unrecorded calls closed as cancelled" : ""));
      return 0;
    }
    // Last resort: the receipts go to stderr (CloudWatch Logs), one signed receipt per line.
    for (ReceiptRecord r : left) {
      diag.accept("chio-unflushed-receipt " + new String(r.canonicalJson(), StandardCharsets.UTF_8));
    }
    String msg = left.size() + " receipts could not be written to " + log.sink().describe() + " before the shutdown deadline ("
        + log.status().lastError() + "); they are on stderr";
    diag.accept("chio: " + msg);
    reportExit("Chio.ReceiptsUnflushed", msg);
    return 1;
  }

  private void reportExit(String type, String msg) {
    if (api != null) {
      try {
        api.exitError(type, msg);
      } catch (IOException e) {
        diag.accept("chio: could not report exit/error: " + e.getMessage());
      }
    }
  }

  /** Local mode: ends {@link #run()} as SHUTDOWN would, and waits (bounded) until the flush is done. */
  public void requestStop() {
    stop.countDown();
    try {
      finished.await(SHUTDOWN_WINDOW_MS + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitStop() {
    while (true) {
      try {
        stop.await();
        return;
      } catch (InterruptedException e) {
        // Only requestStop ends local mode.
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
