package io.chio.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An in-process client on a relay: sends frames, collects what the relay writes back. */
final class RelayHarness implements AutoCloseable {
  final McpRelay relay;
  final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  final List<String> diagnostics = new java.util.concurrent.CopyOnWriteArrayList<>();

  RelayHarness(RelayConfig config, CallGate gate) throws IOException {
    McpRelay.ClientChannel channel = (kind, id, frame) -> received.add(Json.parse(frame));
    relay = new McpRelay(config, gate, channel, "t", diagnostics::add);
    relay.start();
  }

  void send(String json) {
    relay.onClientMessage(json.getBytes(StandardCharsets.UTF_8));
  }

  JsonNode next() throws InterruptedException {
    JsonNode n = received.poll(20, TimeUnit.SECONDS);
    if (n == null) {
      fail("no message from the relay within 20 s; diagnostics: " + diagnostics);
    }
    return n;
  }

  /** The next message that is not a notification. */
  JsonNode nextResponse() throws InterruptedException {
    while (true) {
      JsonNode n = next();
      if (n.has("id")) {
        return n;
      }
    }
  }

  List<JsonNode> drain() {
    List<JsonNode> out = new ArrayList<>();
    received.drainTo(out);
    return out;
  }

  /** initialize + initialized, returning the initialize answer. */
  JsonNode initialize() throws InterruptedException {
    send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"harness\",\"version\":\"1\"}}}");
    JsonNode answer = nextResponse();
    assertThat(answer.path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return answer;
  }

  JsonNode call(int id, String tool, String argsJson) throws InterruptedException {
    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + argsJson + "}}");
    return nextResponse();
  }

  @Override
  public void close() {
    relay.close();
  }
}
