package io.chio.lambda.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chio.core.json.Json;
import io.chio.lambda.extension.ExtensionMain;
import io.chio.lambda.extension.ExtensionConfig;
import io.chio.lambda.policy.LambdaPolicyException;
import io.chio.lambda.policy.LambdaPolicyLoader;
import io.chio.lambda.policy.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The training run behind {@code chio lambda package --class-cache}: started by {@link ClassCache}
 * in a JVM that writes a class cache at exit, it runs the extension as Lambda does (register,
 * INIT, one INVOKE, evaluations over loopback, SHUTDOWN with a flush) against a minimal
 * Extensions API on loopback, so the cache holds the classes of the whole start and serving path.
 * Arguments: the policy file and a scratch directory (receipts go there). Exit code 0 when the
 * extension came up, answered and shut down cleanly.
 */
public final class CacheTraining {
  private CacheTraining() {}

  public static void main(String[] args) throws Exception {
    System.exit(train(args[0], Path.of(args[1])) ? 0 : 1);
  }

  /** One run of the lifecycle; true when every answer came and the extension shut down with its receipts flushed. */
  static boolean train(String policy, Path scratch) throws IOException, InterruptedException, LambdaPolicyException {
    CountDownLatch trained = new CountDownLatch(1);
    int[] nexts = new int[1];
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    api.createContext("/2020-01-01/extension/register", ex -> answer(ex, 200, "{}", "Lambda-Extension-Identifier", "training"));
    api.createContext("/2020-01-01/extension/event/next", ex -> {
      if (nexts[0]++ == 0) {
        answer(ex, 200, "{\"eventType\":\"INVOKE\",\"requestId\":\"training-1\",\"deadlineMs\":0}", null, null);
        return;
      }
      await(trained);
      answer(ex, 200, "{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"spindown\",\"deadlineMs\":0}", null, null);
    });
    api.createContext("/", ex -> answer(ex, 202, "{}", null, null));
    api.start();
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort());
    env.put("CHIO_POLICY_SOURCE", policy);
    env.put("CHIO_RECEIPT_SINK", "file:" + scratch.resolve("training-receipts.jsonl"));
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    env.put("CHIO_EXTENSION_ADDR", "127.0.0.1:" + port);
    // Through the launcher's own entry point (ExtensionMain), so that its classes are in the cache
    // too: one class missing there makes a JDK 25 AOT start open the 50 MB jar just for it.
    int[] code = {-1};
    ExtensionConfig cfg = ExtensionConfig.from(env, null, null, null);
    Thread loop = new Thread(() -> code[0] = ExtensionMain.run(cfg), "chio-training-extension");
    loop.start();
    String base = "http://127.0.0.1:" + port;
    for (int i = 0; i < 300 && !up(base); i++) {
      Thread.sleep(20);
    }
    boolean ok = call(base + "/health", null).contains("\"policy\"");
    // Every rule's tool (globs filled in), a tool no rule names and a malformed body: the kernel's
    // allow and deny paths, the edge denials, receipt signing and the record of an allowed call.
    List<String> tools = new ArrayList<>();
    for (Rule r : LambdaPolicyLoader.load(Path.of(policy)).rules()) {
      tools.add(r.tool().replace("**", "training").replace("*", "training") + "\",\"scope\":\"" + (r.scopes().isEmpty() ? "training" : r.scopes().get(0)));
    }
    tools.add("chio-training-unknown\",\"scope\":\"training");
    for (int i = 0; i < 20; i++) {
      for (String t : tools) {
        String answer = call(base + "/v1/evaluate", "{\"tool\":\"" + t + "\",\"arguments\":{\"q\":\"select " + i
            + "\"},\"identity\":{\"principalId\":\"training\"}}");
        ok &= answer.contains("\"decision\"");
        JsonNode id = Json.parse(answer).path("receipt_id");
        if (answer.contains("\"decision\":\"allow\"") && id.isTextual()) {
          call(base + "/v1/record", "{\"receipt_id\":\"" + id.textValue() + "\",\"result_hash\":\"" + "0".repeat(64) + "\"}");
        }
      }
      call(base + "/v1/evaluate", "{\"broken\":");
    }
    trained.countDown();
    loop.join(TimeUnit.SECONDS.toMillis(10));
    api.stop(0);
    return ok && !loop.isAlive() && code[0] == 0;
  }

  private static boolean up(String base) {
    try {
      return !call(base + "/health", null).isEmpty();
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpExchange ex, int status, String body, String header, String value) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      if (header != null) {
        ex.getResponseHeaders().add(header, value);
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
    }
  }

  private static String call(String url, String body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    if (body != null) {
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream o = c.getOutputStream()) {
        o.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
