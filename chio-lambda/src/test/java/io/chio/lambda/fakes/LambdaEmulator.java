package io.chio.lambda.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chio.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Extensions API as the documentation describes it, for tests: {@code POST
 * /2020-01-01/extension/register} (header {@code Lambda-Extension-Name}, body {@code {"events":
 * [...]}}, answer header {@code Lambda-Extension-Identifier}), {@code GET .../event/next} (blocks
 * until the test sends INVOKE or SHUTDOWN), {@code POST .../init/error} and {@code .../exit/error}.
 */
public final class LambdaEmulator implements AutoCloseable {
  public record Report(String path, String errorType, JsonNode body) {}

  private final HttpServer server;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final Semaphore waitingForNext = new Semaphore(0);
  private final List<Report> reports = new CopyOnWriteArrayList<>();
  private final List<String> registeredNames = new CopyOnWriteArrayList<>();
  private final List<JsonNode> registeredEvents = new CopyOnWriteArrayList<>();
  private volatile String extensionId;

  public LambdaEmulator() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "lambda-emulator");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/2020-01-01/extension/", this::handle);
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String runtimeApi() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath().substring("/2020-01-01/extension".length());
      byte[] body = ex.getRequestBody().readAllBytes();
      switch (path) {
        case "/register" -> {
          String name = ex.getRequestHeaders().getFirst("Lambda-Extension-Name");
          if (!ex.getRequestMethod().equals("POST") || name == null || name.isBlank()) {
            reply(ex, 400, "{\"errorMessage\":\"register needs POST and Lambda-Extension-Name\",\"errorType\":\"InvalidRequest\"}");
            return;
          }
          JsonNode req = Json.parse(body);
          registeredNames.add(name);
          registeredEvents.add(req.get("events"));
          extensionId = UUID.randomUUID().toString();
          ex.getResponseHeaders().set("Lambda-Extension-Identifier", extensionId);
          reply(ex, 200, "{\"functionName\":\"tool-fn\",\"functionVersion\":\"$LATEST\",\"handler\":\"handler.handler\"}");
        }
        case "/event/next" -> {
          if (!checkId(ex)) {
            return;
          }
          waitingForNext.release();
          String ev;
          try {
            ev = events.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          ex.getResponseHeaders().set("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString());
          reply(ex, 200, ev);
        }
        case "/init/error", "/exit/error" -> {
          if (!checkId(ex)) {
            return;
          }
          reports.add(new Report(path, ex.getRequestHeaders().getFirst("Lambda-Extension-Function-Error-Type"), Json.parse(body)));
          reply(ex, 202, "{\"status\":\"OK\"}");
        }
        default -> reply(ex, 404, "{\"errorMessage\":\"unknown path\",\"errorType\":\"NotFound\"}");
      }
    }
  }

  private boolean checkId(HttpExchange ex) throws IOException {
    String id = ex.getRequestHeaders().getFirst("Lambda-Extension-Identifier");
    if (id == null || !id.equals(extensionId)) {
      reply(ex, 403, "{\"errorMessage\":\"unknown extension identifier\",\"errorType\":\"Extension.Forbidden\"}");
      return false;
    }
    return true;
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  /** Waits until the extension is blocked in event/next (it has handled every earlier event). */
  public boolean awaitNext(long timeoutMs) throws InterruptedException {
    return waitingForNext.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS);
  }

  public void invoke(String requestId) {
    ObjectNode ev = Json.object().put("eventType", "INVOKE").put("deadlineMs", System.currentTimeMillis() + 3000).put("requestId", requestId)
        .put("invokedFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:tool-fn");
    ev.putObject("tracing").put("type", "X-Amzn-Trace-Id").put("value", "Root=1-5f35ae12-0c0fec141ab77a00bc047aa2");
    events.add(ev.toString());
  }

  public void shutdown(String reason) {
    events.add(Json.object().put("eventType", "SHUTDOWN").put("shutdownReason", reason).put("deadlineMs", System.currentTimeMillis() + 2000)
        .toString());
  }

  public List<Report> reports() {
    return List.copyOf(reports);
  }

  public List<String> registeredNames() {
    return List.copyOf(registeredNames);
  }

  public List<JsonNode> registeredEvents() {
    return List.copyOf(registeredEvents);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
