package io.chio.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;

/** JSON-RPC 2.0 message shapes and the error codes the relay answers with. */
final class JsonRpc {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  /** Implementation-defined: the peer sent a request before {@code initialize} (as LSP and MCP SDKs use it). */
  static final int NOT_INITIALIZED = -32002;
  /** Implementation-defined: the wrapped server failed (exited, hung past the call timeout). */
  static final int SERVER_FAILED = -32000;
  static final int REQUEST_TIMEOUT = -32001;

  /** One decoded message: its exact bytes (forwarded unchanged when not governed) and its tree. */
  record Message(MessageKind kind, ObjectNode tree, byte[] raw) {
    String method() {
      return tree.path("method").asText();
    }

    JsonNode id() {
      return tree.get("id");
    }

    /** The id as a map key: its canonical JSON text, so 1 and "1" stay distinct. */
    String idKey() {
      return key(tree.get("id"));
    }

    JsonNode params() {
      return tree.get("params");
    }
  }

  /** Why a frame is not a usable message, and the id to answer with (JSON null when unknown). */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    final transient int code;
    final transient JsonNode id;

    Malformed(int code, String message, JsonNode id) {
      super(message);
      this.code = code;
      this.id = id == null ? NullNode.getInstance() : id;
    }
  }

  private JsonRpc() {}

  /**
   * Decodes one frame. Strict JSON (duplicate keys are a parse error, so no two readers can see
   * different methods or arguments in the same bytes); batches are refused because MCP
   * 2025-06-18 removed them and a batch could carry an ungoverned {@code tools/call}.
   */
  static Message decode(byte[] frame) throws Malformed {
    JsonNode node;
    try {
      node = Json.parse(frame);
    } catch (ChioFormatException e) {
      throw new Malformed(PARSE_ERROR, "parse error: " + e.getMessage(), null);
    }
    if (node.isArray()) {
      throw new Malformed(INVALID_REQUEST, "JSON-RPC batches are not supported (removed in MCP 2025-06-18)", null);
    }
    if (!node.isObject()) {
      throw new Malformed(INVALID_REQUEST, "a JSON-RPC message must be an object", null);
    }
    ObjectNode o = (ObjectNode) node;
    JsonNode id = o.get("id");
    JsonNode answerId = id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    if (!"2.0".equals(o.path("jsonrpc").textValue())) {
      throw new Malformed(INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\"", answerId);
    }
    JsonNode method = o.get("method");
    if (method != null) {
      if (!method.isTextual() || method.textValue().isEmpty()) {
        throw new Malformed(INVALID_REQUEST, "\"method\" must be a non-empty string", answerId);
      }
      JsonNode params = o.get("params");
      if (params != null && !params.isObject()) {
        throw new Malformed(INVALID_REQUEST, "\"params\" must be an object", answerId);
      }
      if (id == null) {
        return new Message(MessageKind.NOTIFICATION, o, frame);
      }
      checkId(id);
      return new Message(MessageKind.REQUEST, o, frame);
    }
    if (id == null) {
      throw new Malformed(INVALID_REQUEST, "a message needs a \"method\" or an \"id\"", null);
    }
    boolean hasResult = o.has("result");
    boolean hasError = o.has("error");
    if (hasResult == hasError) {
      throw new Malformed(INVALID_REQUEST, "a response needs exactly one of \"result\" and \"error\"", answerId);
    }
    if (!id.isNull()) {
      checkId(id);
    }
    return new Message(MessageKind.RESPONSE, o, frame);
  }

  private static void checkId(JsonNode id) throws Malformed {
    // MCP: "the ID MUST NOT be null"; fractional ids are discouraged by JSON-RPC and break key equality.
    if (!(id.isTextual() || id.isIntegralNumber())) {
      throw new Malformed(INVALID_REQUEST, "\"id\" must be a string or an integer", null);
    }
  }

  static String key(JsonNode id) {
    return id == null ? "" : id.toString();
  }

  static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode out = Json.object().put("jsonrpc", "2.0");
    out.set("id", id == null ? NullNode.getInstance() : id);
    out.putObject("error").put("code", code).put("message", message);
    return out;
  }

  static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode out = Json.object().put("jsonrpc", "2.0");
    out.set("id", id);
    out.set("result", result);
    return out;
  }

  static ObjectNode request(JsonNode id, String method, JsonNode params) {
    ObjectNode out = Json.object().put("jsonrpc", "2.0");
    out.set("id", id);
    out.put("method", method);
    if (params != null) {
      out.set("params", params);
    }
    return out;
  }

  static ObjectNode notification(String method, JsonNode params) {
    ObjectNode out = Json.object().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      out.set("params", params);
    }
    return out;
  }

  /** A tool result the agent reads as a failed call: MCP's {@code isError: true} with the reason as text. */
  static ObjectNode toolError(String text) {
    ObjectNode r = Json.object();
    r.putArray("content").addObject().put("type", "text").put("text", text);
    r.put("isError", true);
    return r;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON-RPC message", e);
    }
  }
}
