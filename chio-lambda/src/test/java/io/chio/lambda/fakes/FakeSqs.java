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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SQS stand-in for tests: the AWS JSON 1.0 protocol ({@code X-Amz-Target: AmazonSQS.SendMessage}
 * / {@code SendMessageBatch}), messages kept in memory, MD5 of each body returned as SQS does (the
 * SDK checks it). {@link #rejectNext} fails entries inside a batch (server side, to be resent).
 */
public final class FakeSqs implements AutoCloseable {
  private final HttpServer server;
  private final List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger rejectNext = new AtomicInteger();

  public FakeSqs() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "fake-sqs");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String queueUrl() {
    return endpoint() + "/000000000000/chio-receipts";
  }

  public List<String> bodies() {
    return List.copyOf(bodies);
  }

  public void rejectNext(int n) {
    rejectNext.set(n);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode req = Json.parse(ex.getRequestBody().readAllBytes());
      ObjectNode resp = Json.object();
      if ("AmazonSQS.SendMessageBatch".equals(target)) {
        ArrayNode ok = resp.putArray("Successful");
        ArrayNode failed = resp.putArray("Failed");
        for (JsonNode e : req.path("Entries")) {
          if (rejectNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failed.addObject().put("Id", e.path("Id").asText()).put("SenderFault", false).put("Code", "InternalError").put("Message", "try again");
            continue;
          }
          String body = e.path("MessageBody").asText();
          bodies.add(body);
          ok.addObject().put("Id", e.path("Id").asText()).put("MessageId", UUID.randomUUID().toString()).put("MD5OfMessageBody", md5(body));
        }
      } else if ("AmazonSQS.SendMessage".equals(target)) {
        String body = req.path("MessageBody").asText();
        bodies.add(body);
        resp.put("MessageId", UUID.randomUUID().toString()).put("MD5OfMessageBody", md5(body));
      } else {
        byte[] b = Json.object().put("__type", "com.amazonaws.sqs#UnsupportedOperation").put("message", "not emulated: " + target).toString()
            .getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(400, b.length);
        ex.getResponseBody().write(b);
        return;
      }
      byte[] b = resp.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
    }
  }

  private static String md5(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
