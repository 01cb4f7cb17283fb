package io.chio.govern.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import io.chio.core.json.Json;
import io.chio.govern.GovernResponse;
import io.chio.govern.GovernRuntime;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Azure Functions (Java) entry points: {@code governance} (HTTP POST) and {@code
 * governance-queue} (storage queue trigger). Both are thin translators over the shared engine.
 */
public final class GovernAzureFunctions {
  @FunctionName("governance")
  public HttpResponseMessage http(
      @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION, route = "governance")
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    byte[] body = request.getBody().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    GovernResponse r = GovernRuntime.handle(body);
    return request.createResponseBuilder(HttpStatus.valueOf(r.status()))
        .header("Content-Type", "application/json")
        .body(serialize(r.body()))
        .build();
  }

  @FunctionName("governance-queue")
  public void queue(
      @QueueTrigger(name = "msg", queueName = "governance-queue", connection = "AzureWebJobsStorage") String message,
      ExecutionContext context) {
    GovernResponse r = GovernRuntime.handle(message.getBytes(StandardCharsets.UTF_8));
    context.getLogger().info(logLine(r));
  }

  /** Decision, violations and receipt id only; the payload is never logged. */
  static String logLine(GovernResponse r) {
    ObjectNode b = r.body();
    return "governance queue message: status=" + r.status() + " decision=" + b.path("decision").asText("block") + " violations="
        + b.path("violations") + " receipt_id=" + b.path("receipt_id").asText("none");
  }

  private static String serialize(ObjectNode body) {
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      return "{\"error\":\"cannot serialise response\",\"decision\":\"block\"}";
    }
  }
}
