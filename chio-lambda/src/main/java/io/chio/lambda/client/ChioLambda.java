package io.chio.lambda.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Explicit mode from a Java handler: ask the Chio extension beside the function before doing the
 * work, then record the result's hash to close the receipt. Uses only the JDK.
 *
 * <pre>
 * ChioLambda chio = ChioLambda.connectDefault();           // CHIO_EXTENSION_ADDR or 127.0.0.1:9090
 * ChioVerdict v = chio.evaluate(ChioLambda.call("database-query").scope("db:read")
 *     .argumentsJson(event.getBody()).identity(principalId));
 * if (v.denied()) { return forbidden(v.reason(), v.receiptId()); }
 * String result = runQuery(event.getBody());
 * RecordedReceipt r = chio.record(v, ChioLambda.sha256Hex(result));
 * </pre>
 *
 * Fail closed: when the extension cannot be reached or answers nonsense, {@link #evaluate} returns a
 * deny (code {@link ChioVerdict#UNREACHABLE}); it never throws for that.
 */
public final class ChioLambda {
  private final HttpClient http;
  private final URI base;
  private final Duration timeout;

  private ChioLambda(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().sslContext(noTls()).connectTimeout(timeout).build();
  }

  /** The extension at {@code CHIO_EXTENSION_ADDR} (default {@code 127.0.0.1:9090}), 2 s timeout. */
  public static ChioLambda connectDefault() {
    String addr = System.getenv("CHIO_EXTENSION_ADDR");
    return connect(addr == null || addr.isBlank() ? "127.0.0.1:9090" : addr.strip(), Duration.ofSeconds(2));
  }

  /** @param hostPort e.g. {@code 127.0.0.1:9090} */
  public static ChioLambda connect(String hostPort, Duration timeout) {
    Objects.requireNonNull(hostPort, "hostPort");
    Objects.requireNonNull(timeout, "timeout");
    return new ChioLambda(URI.create("http://" + hostPort + "/"), timeout);
  }

  // Loopback HTTP only: a context that trusts nobody spares loading the JDK trust store.
  private static SSLContext noTls() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[0], null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS provider", e);
    }
  }

  public static Call call(String tool) {
    return new Call(tool);
  }

  /** What to evaluate; {@code tool} is required, the rest optional. */
  public static final class Call {
    private final Map<String, Object> body = new LinkedHashMap<>();

    private Call(String tool) {
      body.put("tool", Objects.requireNonNull(tool, "tool"));
    }

    public Call scope(String scope) {
      body.put("scope", Objects.requireNonNull(scope, "scope"));
      return this;
    }

    /** Arguments as a map of JSON-like values (maps, lists, strings, numbers, booleans, null). */
    public Call arguments(Map<String, ?> arguments) {
      body.put("arguments", Objects.requireNonNull(arguments, "arguments"));
      return this;
    }

    /** Arguments as JSON text (e.g. an API Gateway body), or any string. */
    public Call argumentsJson(String json) {
      body.put("arguments", json);
      return this;
    }

    public Call identity(String identity) {
      body.put("identity", Objects.requireNonNull(identity, "identity"));
      return this;
    }

    /** An authorizer context ({@code principalId}, claims...). */
    public Call identity(Map<String, ?> identity) {
      body.put("identity", Objects.requireNonNull(identity, "identity"));
      return this;
    }

    /** A capability token: its JSON, or base64url of it. */
    public Call capability(String token) {
      body.put("capability", Objects.requireNonNull(token, "token"));
      return this;
    }

    @Override
    public String toString() {
      return "ChioLambda.Call{tool=" + body.get("tool") + "}";
    }
  }

  public ChioVerdict evaluate(Call call) {
    Objects.requireNonNull(call, "call");
    return verdict(MiniJson.write(call.body));
  }

  /** Transparent mode: the extension projects the raw Lambda event with its policy's paths. */
  public ChioVerdict evaluateEvent(String eventJson) {
    Objects.requireNonNull(eventJson, "eventJson");
    return verdict(MiniJson.write(Map.of("event", new MiniJson.Raw(validJson(eventJson)))));
  }

  private static String validJson(String json) {
    MiniJson.read(json);
    return json;
  }

  private ChioVerdict verdict(String body) {
    HttpResponse<String> resp;
    try {
      resp = post("v1/evaluate", body);
    } catch (IOException e) {
      return unreachable(e.getMessage());
    }
    Map<?, ?> m;
    try {
      m = (Map<?, ?>) MiniJson.read(resp.body());
    } catch (RuntimeException e) {
      return unreachable("unreadable answer (HTTP " + resp.statusCode() + ")");
    }
    if (resp.statusCode() == 200) {
      String decision = str(m, "decision");
      if (decision == null || str(m, "receipt_id") == null) {
        return unreachable("answer without decision or receipt_id");
      }
      return new ChioVerdict(decision, str(m, "reason"), str(m, "guard"), str(m, "code"), str(m, "receipt_id"), str(m, "approval_id"));
    }
    // 400 and other refusals are denials too, with the extension's message and receipt.
    String message = str(m, "message");
    return new ChioVerdict("deny", message == null ? "HTTP " + resp.statusCode() : message, "request", str(m, "error"), str(m, "receipt_id"),
        null);
  }

  private static ChioVerdict unreachable(String why) {
    return new ChioVerdict("deny", "chio extension unreachable (fail-closed): " + why, "client", ChioVerdict.UNREACHABLE, null, null);
  }

  /**
   * Closes an allowed call with the SHA-256 (64 hex digits) of its result.
   *
   * @throws ChioLambdaException when the extension did not write the final receipt
   */
  public RecordedReceipt record(ChioVerdict verdict, String resultHash) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(resultHash, "resultHash");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receipt_id", requireAllowed(verdict));
    body.put("result_hash", resultHash);
    return recorded(body);
  }

  /** Closes an allowed call whose work failed; the final receipt is {@code incomplete}. */
  public RecordedReceipt recordFailure(ChioVerdict verdict, String reason) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receipt_id", requireAllowed(verdict));
    body.put("error", reason);
    return recorded(body);
  }

  private static String requireAllowed(ChioVerdict v) {
    if (v.denied() || v.receiptId() == null) {
      throw new IllegalArgumentException("only an allowed verdict can be recorded; this one is " + v.decision());
    }
    return v.receiptId();
  }

  private RecordedReceipt recorded(Map<String, Object> body) {
    HttpResponse<String> resp;
    try {
      resp = post("v1/record", MiniJson.write(body));
    } catch (IOException e) {
      throw new ChioLambdaException("chio extension unreachable: " + e.getMessage(), e);
    }
    Map<?, ?> m;
    try {
      m = (Map<?, ?>) MiniJson.read(resp.body());
    } catch (RuntimeException e) {
      throw new ChioLambdaException("unreadable answer from the chio extension (HTTP " + resp.statusCode() + ")");
    }
    if (resp.statusCode() != 200 || str(m, "receipt_id") == null) {
      throw new ChioLambdaException("record refused (HTTP " + resp.statusCode() + "): " + str(m, "message"));
    }
    return new RecordedReceipt(str(m, "receipt_id"), str(m, "decision_receipt_id"), str(m, "decision"));
  }

  private HttpResponse<String> post(String path, String body) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String str(Map<?, ?> m, String k) {
    Object v = m.get(k);
    return v instanceof String s ? s : null;
  }

  /** SHA-256 of the UTF-8 text, as 64 lowercase hex digits (the {@code result_hash} of {@link #record}). */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
