package io.chio.protect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** JSON answers the proxy writes itself. */
final class Replies {
  private Replies() {}

  /** The EDGES.md error body: {@code {"error", "message", "receipt_id", "suggestion"}} plus approval fields on a 409. */
  static ObjectNode errorBody(Denial d, String receiptId, HttpApprovals.Approval approval) {
    ObjectNode o = Json.object();
    o.put("error", d.error());
    o.put("message", d.reason());
    if (receiptId != null) {
      o.put("receipt_id", receiptId);
    }
    if (d.suggestion() != null) {
      o.put("suggestion", d.suggestion());
    }
    if (approval != null) {
      o.put("approval_id", approval.id());
      o.put("resume_path", "/approvals/" + approval.id() + "/respond");
    }
    return o;
  }

  static void error(Response response, Callback callback, Denial d, String receiptId, HttpApprovals.Approval approval) {
    json(response, callback, d.status(), errorBody(d, receiptId, approval), receiptId);
  }

  static void json(Response response, Callback callback, int status, JsonNode body, String receiptId) {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      callback.failed(e);
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (receiptId != null) {
      response.getHeaders().put(Headers.RECEIPT_ID, receiptId);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
