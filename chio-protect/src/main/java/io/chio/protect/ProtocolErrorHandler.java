package io.chio.protect;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chio.core.json.Json;
import io.chio.core.receipt.GuardEvidence;
import io.chio.core.receipt.HttpMethod;
import io.chio.core.receipt.HttpReceiptDraft;
import io.chio.core.receipt.HttpRequestHashes;
import io.chio.core.receipt.HttpVerdict;
import io.chio.kernel.store.StoreException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers requests Jetty refuses before the proxy sees them (malformed or oversized headers,
 * ambiguous framing such as Content-Length with Transfer-Encoding) with the JSON error shape and,
 * whenever the request line was readable, a signed deny receipt. Nothing of such a request is
 * forwarded.
 */
final class ProtocolErrorHandler extends ErrorHandler {
  private final ProtectConfig config;
  private final ReceiptIssuer issuer;

  ProtocolErrorHandler(ProtectConfig config, ReceiptIssuer issuer) {
    this.config = config;
    this.issuer = issuer;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 400;
    Object attr = request.getAttribute(ERROR_STATUS);
    if (attr instanceof Integer i && i >= 400) {
      status = i;
    }
    Object msg = request.getAttribute(ERROR_MESSAGE);
    // 505 (an HTTP version the parser does not speak) is the caller's doing like any 4xx.
    boolean ours = status >= 500 && status != 505;
    String reason =
        (ours ? "request failed before evaluation (" : "request rejected by the HTTP parser (") + status + ")"
            + (msg == null ? "" : ": " + msg);
    String error = ours ? Denial.EVALUATION_FAILED : Denial.BAD_REQUEST;
    Denial d = new Denial(status, error, reason, HttpAuthority.GUARD_REQUEST, null);
    String receiptId = null;
    HttpMethod method = ProxyHandler.method(request.getMethod() == null ? "" : request.getMethod());
    if (method != null) {
      String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath();
      long nowMs = config.clockMillis().getAsLong();
      try {
        receiptId =
            issuer.issue(
                    HttpReceiptDraft.decisionReceipt()
                        .id(ReceiptIssuer.newId(nowMs))
                        .requestId(ReceiptIssuer.newId(nowMs))
                        .route(method, path)
                        .callerIdentityHash(ProxyHandler.caller(request.getHeaders()))
                        .verdict(new HttpVerdict.Deny(reason, d.guard(), status, null))
                        .addEvidence(GuardEvidence.fail(d.guard(), reason))
                        .responseStatus(status)
                        .timestamp(nowMs / 1000)
                        .contentHash(HttpRequestHashes.contentHash(method, path, path, Map.of(), null))
                        .policyHash(config.spec().policyHash())
                        .putMetadata("http", Json.object().put("server_id", config.serverId()).put("route_pattern", path))
                        .build(),
                    null, null)
                .id();
      } catch (StoreException | RuntimeException e) {
        d = ReceiptIssuer.unlogged(e, HttpAuthority.GUARD_REQUEST);
      }
    }
    // Whatever follows a refused message on this connection cannot be trusted to be framed as the
    // client meant (a smuggled request, tunnel bytes after CONNECT): close it.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Replies.error(response, callback, d, receiptId, null);
    return true;
  }

  /** Used when the parser fails before any request exists: the JSON shape, without a receipt. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    Denial d = new Denial(status, Denial.BAD_REQUEST, "malformed HTTP request" + (reason == null ? "" : ": " + reason), HttpAuthority.GUARD_REQUEST, null);
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    try {
      return ByteBuffer.wrap(Json.mapper().writeValueAsBytes(Replies.errorBody(d, null, null)));
    } catch (JsonProcessingException e) {
      return ByteBuffer.allocate(0);
    }
  }
}
