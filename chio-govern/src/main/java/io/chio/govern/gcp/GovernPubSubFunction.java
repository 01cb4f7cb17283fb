package io.chio.govern.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.CloudEventsFunction;
import io.chio.core.json.Json;
import io.chio.govern.GovernResponse;
import io.chio.govern.GovernRuntime;
import io.cloudevents.CloudEvent;
import java.util.Base64;

/**
 * Pub/Sub-triggered governance (a CloudEvent carrying {@code message.data} in base64, the
 * governance request inside): {@code --entry-point io.chio.govern.gcp.GovernPubSubFunction}.
 * Logs one JSON line per event — event id, decision, violations, receipt id; never the payload —
 * to stdout, where Cloud Logging picks it up.
 */
public final class GovernPubSubFunction implements CloudEventsFunction {
  @Override
  public void accept(CloudEvent event) {
    System.out.println(summarize(event));
  }

  /** The log line's JSON for one event. */
  static ObjectNode summarize(CloudEvent event) {
    byte[] request;
    try {
      JsonNode envelope = Json.parse(event.getData() == null ? new byte[0] : event.getData().toBytes());
      request = Base64.getDecoder().decode(envelope.path("message").path("data").asText(""));
    } catch (RuntimeException e) {
      request = new byte[0]; // rejected by the engine as an invalid body: a logged block, not a silent drop
    }
    // Pub/Sub messages carry the payload itself (or a full request with "action"); wrap bare payloads.
    GovernResponse r = GovernRuntime.handle(wrap(request));
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("event_id", event.getId());
    line.put("status", r.status());
    line.put("decision", r.body().path("decision").asText("block"));
    line.set("violations", r.body().has("violations") ? r.body().get("violations") : JsonNodeFactory.instance.arrayNode());
    if (r.body().has("receipt_id")) {
      line.put("receipt_id", r.body().get("receipt_id").asText());
    }
    if (r.body().has("error")) {
      line.put("error", r.body().get("error").asText());
    }
    return line;
  }

  private static byte[] wrap(byte[] message) {
    try {
      JsonNode m = Json.parse(message);
      if (m.isObject() && !m.has("action")) {
        ObjectNode req = JsonNodeFactory.instance.objectNode().put("action", "evaluate");
        req.set("payload", m);
        if (m.has("agent_id")) {
          req.set("agent_id", m.get("agent_id"));
        }
        return Json.mapper().writeValueAsBytes(req);
      }
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      // leave it to the engine to reject
    }
    return message;
  }

}
