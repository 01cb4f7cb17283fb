package io.chio.govern.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import io.chio.govern.GovernResponse;
import io.chio.govern.GovernRuntime;

/** Lambda-specific additions to engine responses (request id, health details) and the API Gateway envelope. */
final class LambdaResponses {
  private LambdaResponses() {}

  static GovernResponse decorate(GovernResponse r, Context context) {
    ObjectNode body = r.body().deepCopy();
    String requestId = context == null ? "local" : context.getAwsRequestId();
    if (r.status() != 200) {
      body.put("request_id", requestId);
    } else if ("healthy".equals(body.path("status").asText(null))) {
      GovernRuntime.describeKey(body);
      if (context != null) {
        body.put("function", context.getFunctionName());
        body.put("memory_mb", context.getMemoryLimitInMB());
        body.put("remaining_time_ms", context.getRemainingTimeInMillis());
      }
    } else if (body.has("decision")) {
      body.put("request_id", requestId);
    }
    return new GovernResponse(r.status(), body);
  }

  static ObjectNode apiGateway(GovernResponse r, String requestId) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("statusCode", r.status());
    out.putObject("headers").put("Content-Type", "application/json").put("X-Request-Id", requestId);
    out.put("body", serialize(r.body()));
    return out;
  }

  static String serialize(ObjectNode body) {
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      return "{\"error\":\"cannot serialise response\",\"decision\":\"block\"}";
    }
  }
}
