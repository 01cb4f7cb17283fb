package io.chio.lambda.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chio.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DynamoDB stand-in for tests (DynamoDB Local is not open source): the JSON 1.0 protocol over
 * HTTP, {@code X-Amz-Target: DynamoDB_20120810.<Op>} for PutItem, BatchWriteItem and Scan, items in
 * memory keyed by {@code receipt_id}. SigV4 headers must be present but are not checked.
 * {@link #failNext} answers the next N calls with a 500, {@link #unprocessNext} leaves items
 * unprocessed in the next BatchWriteItem.
 */
public final class FakeDynamoDb implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Map<String, JsonNode>> tables = new ConcurrentHashMap<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger unprocessNext = new AtomicInteger();
  private final List<String> operations = java.util.Collections.synchronizedList(new ArrayList<>());

  public FakeDynamoDb() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "fake-dynamodb");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void failNext(int n) {
    failNext.set(n);
  }

  public void unprocessNext(int items) {
    unprocessNext.set(items);
  }

  public List<String> operations() {
    return List.copyOf(operations);
  }

  /** The items of {@code table}, keyed by receipt id. */
  public Map<String, JsonNode> items(String table) {
    return Map.copyOf(tables.getOrDefault(table, Map.of()));
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (target == null || !target.startsWith("DynamoDB_20120810.") || auth == null || !auth.startsWith("AWS4-HMAC-SHA256")) {
        error(ex, 400, "MissingAuthenticationTokenException", "expected X-Amz-Target DynamoDB_20120810.* and a SigV4 Authorization header");
        return;
      }
      String op = target.substring("DynamoDB_20120810.".length());
      operations.add(op);
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 500, "InternalServerError", "injected failure");
        return;
      }
      JsonNode req = Json.parse(body);
      switch (op) {
        case "PutItem" -> {
          put(req.path("TableName").asText(), req.get("Item"));
          reply(ex, Json.object());
        }
        case "BatchWriteItem" -> {
          ObjectNode unprocessed = Json.object();
          req.path("RequestItems").fields().forEachRemaining(e -> {
            for (JsonNode w : e.getValue()) {
              if (unprocessNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                unprocessed.withArray(e.getKey()).add(w);
              } else {
                put(e.getKey(), w.path("PutRequest").get("Item"));
              }
            }
          });
          ObjectNode resp = Json.object();
          resp.set("UnprocessedItems", unprocessed);
          reply(ex, resp);
        }
        case "Scan" -> {
          ArrayNode items = Json.mapper().createArrayNode();
          items(req.path("TableName").asText()).values().forEach(items::add);
          ObjectNode resp = Json.object().put("Count", items.size()).put("ScannedCount", items.size());
          resp.set("Items", items);
          reply(ex, resp);
        }
        default -> error(ex, 400, "UnknownOperationException", "operation " + op + " is not emulated");
      }
    }
  }

  private void put(String table, JsonNode item) {
    String id = item.path("receipt_id").path("S").asText(null);
    if (id == null) {
      throw new IllegalArgumentException("item without receipt_id");
    }
    tables.computeIfAbsent(table, t -> new ConcurrentHashMap<>()).put(id, item);
  }

  private static void reply(HttpExchange ex, JsonNode body) throws IOException {
    byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
  }

  private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
    byte[] b = Json.object().put("__type", "com.amazonaws.dynamodb.v20120810#" + type).put("message", message).toString()
        .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
