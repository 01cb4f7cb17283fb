package io.chio.govern.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import io.chio.govern.GovernResponse;
import io.chio.govern.GovernRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * AWS Lambda entry point for both invocation styles, as in the serverless guide: an API Gateway
 * proxy event (an object with {@code body}) gets {@code {statusCode, headers, body}}; a direct
 * invocation ({@code {"action": "evaluate", "payload": {...}}}) gets the response body itself.
 * Handler string: {@code io.chio.govern.aws.GovernLambdaHandler::handleRequest}.
 *
 * <p>The engine is built once per container ({@link GovernRuntime}). Unlike the guide's Python
 * handler, a direct invocation that fails does not raise: it returns the error body with {@code
 * decision: block}, so a caller can never mistake a failure for an allow.
 */
public final class GovernLambdaHandler implements RequestStreamHandler {
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] event = input.readAllBytes();
    output.write(Json.mapper().writeValueAsBytes(handle(event, context)));
  }

  /** The JSON to return for one raw Lambda event. */
  static JsonNode handle(byte[] event, Context context) {
    JsonNode envelope = null;
    try {
      envelope = Json.parse(event);
    } catch (RuntimeException e) {
      // not JSON at all: the engine reports it as a direct invocation with an invalid body
    }
    String requestId = context == null ? "local" : context.getAwsRequestId();
    if (envelope != null && envelope.isObject() && envelope.has("body") && (envelope.has("httpMethod") || envelope.has("requestContext")
        || envelope.has("headers") || envelope.has("isBase64Encoded"))) {
      GovernResponse r = GovernRuntime.handle(body(envelope));
      return LambdaResponses.apiGateway(LambdaResponses.decorate(r, context), requestId);
    }
    return LambdaResponses.decorate(GovernRuntime.handle(event), context).body();
  }

  private static byte[] body(JsonNode envelope) {
    JsonNode b = envelope.get("body");
    if (b.isTextual()) {
      return envelope.path("isBase64Encoded").asBoolean(false) ? decode(b.textValue()) : b.textValue().getBytes(StandardCharsets.UTF_8);
    }
    if (b.isNull()) {
      return new byte[0];
    }
    try {
      return Json.mapper().writeValueAsBytes(b);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new byte[0];
    }
  }

  private static byte[] decode(String b64) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return new byte[] {(byte) 0xff}; // undecodable: rejected downstream as invalid UTF-8
    }
  }

}
