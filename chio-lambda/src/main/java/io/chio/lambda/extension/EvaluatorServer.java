package io.chio.lambda.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chio.core.ChioFormatException;
import io.chio.core.json.Json;
import io.chio.lambda.CallParser;
import io.chio.lambda.Evaluator;
import io.chio.lambda.LambdaDecision;
import io.chio.lambda.Recorded;
import io.chio.lambda.policy.LambdaPolicy;
import io.chio.lambda.sink.SinkLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The loopback endpoint the handler talks to: {@code GET /health}, {@code POST /v1/evaluate},
 * {@code POST /v1/record}. Every answer is JSON; a body that is not a call is 400 with a signed deny
 * receipt; an internal fault is 500 and a deny. Built on the JDK's HTTP server: nothing to load at
 * cold start beyond the JDK itself.
 */
final class EvaluatorServer {
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final Pattern HASH = Pattern.compile("(sha256:)?[0-9a-f]{64}");

  private final HttpServer server;
  private final ExecutorService pool;
  private final Evaluator evaluator;
  private final SinkLog log;
  private final Supplier<String> requestIds;
  private final Supplier<ObjectNode> lifecycle;

  /**
   * @param requestIds the request id each receipt carries (the current Lambda invocation's, numbered)
   * @param lifecycle extension state for {@code /health}
   */
  EvaluatorServer(InetSocketAddress addr, Evaluator evaluator, SinkLog log, Supplier<String> requestIds, Supplier<ObjectNode> lifecycle)
      throws IOException {
    this.evaluator = evaluator;
    this.log = log;
    this.requestIds = requestIds;
    this.lifecycle = lifecycle;
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed
    // ACK: about 40 ms per keep-alive answer. The property is read once, when the server first loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    this.server = HttpServer.create(addr, 128);
    this.pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "chio-evaluate");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  void start() {
    server.start();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops accepting calls; answers in progress get up to {@code graceSeconds} to finish. */
  void stop(int graceSeconds) {
    server.stop(graceSeconds);
    pool.shutdown();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      switch (path) {
        case "/health" -> {
          if (!method.equals("GET")) {
            reply(ex, 405, error("chio_method_not_allowed", "use GET /health", null));
          } else {
            reply(ex, 200, health());
          }
        }
        case "/v1/evaluate" -> {
          if (!method.equals("POST")) {
            reply(ex, 405, error("chio_method_not_allowed", "use POST /v1/evaluate", null));
          } else {
            evaluate(ex);
          }
        }
        case "/v1/record" -> {
          if (!method.equals("POST")) {
            reply(ex, 405, error("chio_method_not_allowed", "use POST /v1/record", null));
          } else {
            record(ex);
          }
        }
        default -> reply(ex, 404, error("chio_not_found", "endpoints: GET /health, POST /v1/evaluate, POST /v1/record", null));
      }
    } catch (RuntimeException e) {
      // Fail closed and say so; never a stack trace to the caller.
      reply(ex, 500, error("chio_evaluation_failed", "internal error (fail-closed, treat as deny): " + e.getClass().getSimpleName(), null));
    }
  }

  private void evaluate(HttpExchange ex) throws IOException {
    String requestId = requestIds.get();
    byte[] body = readBody(ex);
    if (body == null) {
      LambdaDecision d = evaluator.badRequest(null, null, requestId, "body larger than " + MAX_BODY_BYTES + " bytes");
      reply(ex, 413, error("chio_bad_request", d.reason(), d.receiptId()));
      return;
    }
    String header = ex.getRequestHeaders().getFirst("X-Chio-Capability");
    LambdaPolicy policy = evaluator.policy().orElse(null);
    var fields = policy != null && policy.mode() == LambdaPolicy.Mode.TRANSPARENT ? policy.evaluation() : null;
    CallParser.Parsed parsed = CallParser.parse(body, header, fields, requestId);
    if (parsed instanceof CallParser.Parsed.Bad bad) {
      LambdaDecision d = evaluator.badRequest(bad.tool(), bad.identity(), requestId, bad.message());
      reply(ex, 400, error("chio_bad_request", bad.message(), d.receiptId()));
    } else {
      reply(ex, 200, decisionJson(evaluator.evaluate(((CallParser.Parsed.Call) parsed).request())));
    }
  }

  static ObjectNode decisionJson(LambdaDecision d) {
    ObjectNode o = Json.object()
        .put("decision", d.outcome().wire())
        .put("denied", d.denied())
        .put("reason", d.reason())
        .put("guard", d.guard())
        .put("code", d.code())
        .put("receipt_id", d.receiptId());
    if (d.approvalId() != null) {
      o.put("approval_id", d.approvalId());
    }
    o.set("receipt", d.receipt().toJson());
    return o;
  }

  private void record(HttpExchange ex) throws IOException {
    byte[] body = readBody(ex);
    if (body == null) {
      reply(ex, 413, error("chio_bad_request", "body larger than " + MAX_BODY_BYTES + " bytes", null));
      return;
    }
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (ChioFormatException e) {
      reply(ex, 400, error("chio_bad_request", "body is not valid JSON: " + e.getMessage(), null));
      return;
    }
    if (!root.isObject()) {
      reply(ex, 400, error("chio_bad_request", "body must be {\"receipt_id\" or \"verdict\", \"result_hash\"}", null));
      return;
    }
    JsonNode id = root.has("receipt_id") ? root.get("receipt_id") : root.path("verdict").get("receipt_id");
    if (id == null || !id.isTextual()) {
      reply(ex, 400, error("chio_bad_request", "name the allowed call: \"receipt_id\" (or \"verdict\": the evaluate answer)", null));
      return;
    }
    JsonNode hash = root.get("result_hash");
    JsonNode err = root.get("error");
    if (err != null && !err.isNull() && !err.isTextual()) {
      reply(ex, 400, error("chio_bad_request", "\"error\" must be a string saying why the handler failed", null));
      return;
    }
    String failure = err == null || err.isNull() ? null : err.textValue();
    if (failure == null && (hash == null || !hash.isTextual() || !HASH.matcher(hash.textValue()).matches())) {
      reply(ex, 400, error("chio_bad_request", "\"result_hash\" must be the SHA-256 of the result as 64 lowercase hex digits", null));
      return;
    }
    String h = hash == null || !hash.isTextual() ? null : hash.textValue().replaceFirst("^sha256:", "");
    Optional<Recorded> rec = evaluator.record(id.textValue(), h, failure);
    if (rec.isEmpty()) {
      reply(ex, 404, error("chio_unknown_verdict", "no allowed call " + id.textValue() + " is waiting for its record (denied, unknown or already recorded)", null));
      return;
    }
    Recorded r = rec.get();
    ObjectNode o = Json.object().put("receipt_id", r.receipt().id()).put("decision_receipt_id", r.decisionReceiptId()).put("decision", r.decision());
    o.set("receipt", r.receipt().toJson());
    reply(ex, 200, o);
  }

  private ObjectNode health() {
    ObjectNode o = lifecycle.get();
    o.put("status", evaluator.failure() == null ? "ok" : "degraded");
    ObjectNode p = o.putObject("policy");
    p.put("loaded", evaluator.failure() == null).put("hash", evaluator.policyHash());
    evaluator.policy().ifPresent(pol -> p.put("mode", pol.mode().wire()).put("source", pol.source()).put("rules", pol.rules().size()));
    if (evaluator.failure() != null) {
      p.put("error", evaluator.failure());
    }
    o.put("kernel_key", evaluator.kernelKey().toHex()).put("server_id", evaluator.serverId()).put("pending_records", evaluator.pendingRecords());
    SinkLog.SinkStatus s = log.status();
    o.putObject("sink").put("sink", s.sink()).put("mode", s.mode()).put("pending", s.pending()).put("written", s.written())
        .put("failures", s.failures()).put("last_error", s.lastError());
    return o;
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
      return b.length > MAX_BODY_BYTES ? null : b;
    }
  }

  static ObjectNode error(String code, String message, String receiptId) {
    ObjectNode o = Json.object().put("error", code).put("message", message);
    if (receiptId != null) {
      o.put("receipt_id", receiptId);
    }
    return o;
  }

  private static void reply(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
