package io.chio.lambda.extension;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.govern.GovernPolicy;
import io.chio.govern.GovernResponse;
import io.chio.govern.GovernService;
import io.chio.lambda.sink.SinkLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * {@code POST /v1/govern}: chio-govern's governance API (evaluate, redact, batch, health in Tork's
 * shapes) on the extension's loopback listener, answering exactly what {@code GovernEngine}
 * answers. Receipts are signed with the extension's kernel key and go through the extension's
 * {@link SinkLog} like every other receipt: in sync mode written before the answer, in buffered
 * mode held until flushed (SHUTDOWN at the latest); a receipt the log refuses is never acknowledged.
 *
 * <p>Policy: the file named by {@code CHIO_GOVERN_POLICY} (the variable chio-govern's own serverless
 * handlers read), else {@link GovernPolicy#defaults()}. It is kept out of the Lambda policy file so
 * the two can change independently, and it is read on the first {@code /v1/govern} call, so INIT
 * pays nothing for a function that never governs content. An extension that failed closed at INIT,
 * or a governance policy that does not load, makes every request a 500 block with a signed deny.
 */
final class GovernEndpoint implements HttpHandler {
  static final String PATH = "/v1/govern";
  static final String POLICY_ENV = "CHIO_GOVERN_POLICY";

  private final GovernService service;

  private GovernEndpoint(GovernService service) {
    this.service = service;
  }

  /** @param initFailure why the extension failed closed at INIT, or null */
  static GovernEndpoint create(ExtensionConfig cfg, Ed25519SigningKey key, SinkLog log, String initFailure, Clock clock) {
    Objects.requireNonNull(cfg, "cfg");
    ReceiptSigner signer = new ReceiptSigner(Objects.requireNonNull(key, "key"));
    if (initFailure != null) {
      return new GovernEndpoint(GovernService.failClosed("chio extension failed closed at INIT: " + initFailure, signer, clock, log));
    }
    String file = cfg.env.get(POLICY_ENV);
    return new GovernEndpoint(GovernService.lazy(() -> policy(file), signer, clock, log));
  }

  static GovernPolicy policy(String file) {
    if (file == null || file.isBlank()) {
      return GovernPolicy.defaults();
    }
    String f = file.strip();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(Path.of(f));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(POLICY_ENV + "=" + f + ": cannot read the file (" + e.getMessage() + ")");
    }
    try {
      return GovernPolicy.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(POLICY_ENV + "=" + f + ": " + e.getMessage());
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      // The JDK server routes by prefix; only the exact path is this endpoint.
      if (!ex.getRequestURI().getPath().equals(PATH)) {
        reply(ex, 404, refusal("no endpoint " + ex.getRequestURI().getPath() + "; use POST " + PATH, "NotFound"));
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().set("Allow", "POST");
        reply(ex, 405, refusal("use POST " + PATH, "MethodNotAllowed"));
        return;
      }
      GovernResponse r;
      try (InputStream in = ex.getRequestBody()) {
        r = service.handle(in);
      }
      reply(ex, r.status(), r.body());
    } catch (RuntimeException e) {
      reply(ex, 500, refusal("internal error (fail-closed, treat as block): " + e.getClass().getSimpleName(), "InternalError"));
    }
  }

  /** The governance error shape for requests that never reach the engine (no receipt: nothing was evaluated). */
  private static ObjectNode refusal(String error, String type) {
    return JsonNodeFactory.instance.objectNode().put("error", error).put("error_type", type).put("decision", "block");
  }

  private static void reply(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
