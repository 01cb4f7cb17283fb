package io.chio.lambda.extension;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Client of the Lambda Extensions API at {@code http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension}:
 * register, event/next, init/error, exit/error.
 */
final class ExtensionsApi {
  private final HttpClient http;
  private final String base;
  private volatile String extensionId;

  ExtensionsApi(String runtimeApi) {
    this.base = "http://" + Objects.requireNonNull(runtimeApi, "runtimeApi") + "/2020-01-01/extension";
    this.http = HttpClient.newBuilder().sslContext(noTlsContext()).connectTimeout(Duration.ofSeconds(2)).build();
  }

  /**
   * The API is plain HTTP on the sandbox's loopback. Handing HttpClient a context that trusts no
   * one keeps it from loading the JDK trust store at start (tens of milliseconds of cold start)
   * and guarantees no TLS connection could ever be made with it.
   */
  private static SSLContext noTlsContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[0], null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS provider", e);
    }
  }

  /** Registers for INVOKE and SHUTDOWN and returns the extension id. */
  String register(String name) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/register"))
        .header("Lambda-Extension-Name", name)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}"))
        .build();
    HttpResponse<String> resp = send(req);
    if (resp.statusCode() != 200) {
      throw new IOException("register returned " + resp.statusCode() + ": " + resp.body());
    }
    String id = resp.headers().firstValue("Lambda-Extension-Identifier").orElse(null);
    if (id == null || id.isBlank()) {
      throw new IOException("register answered without a Lambda-Extension-Identifier header");
    }
    extensionId = id;
    return id;
  }

  /** Blocks until the next lifecycle event. */
  JsonNode next() throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/event/next"))
        .header("Lambda-Extension-Identifier", id())
        .GET()
        .build();
    HttpResponse<String> resp = send(req);
    if (resp.statusCode() != 200) {
      throw new IOException("event/next returned " + resp.statusCode() + ": " + resp.body());
    }
    return Json.parse(resp.body().getBytes(StandardCharsets.UTF_8));
  }

  void initError(String errorType, String message) throws IOException {
    error("/init/error", errorType, message);
  }

  void exitError(String errorType, String message) throws IOException {
    error("/exit/error", errorType, message);
  }

  private void error(String path, String errorType, String message) throws IOException {
    String body = Json.object().put("errorMessage", message).put("errorType", errorType).<com.fasterxml.jackson.databind.node.ObjectNode>set(
        "stackTrace", Json.mapper().createArrayNode()).toString();
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
        .header("Lambda-Extension-Identifier", id())
        .header("Lambda-Extension-Function-Error-Type", errorType)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> resp = send(req);
    if (resp.statusCode() / 100 != 2) {
      throw new IOException(path + " returned " + resp.statusCode() + ": " + resp.body());
    }
  }

  private String id() {
    String id = extensionId;
    if (id == null) {
      throw new IllegalStateException("not registered");
    }
    return id;
  }

  private HttpResponse<String> send(HttpRequest req) throws IOException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
