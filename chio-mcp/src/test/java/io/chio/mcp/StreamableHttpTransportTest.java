package io.chio.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Streamable HTTP transport's protocol edges; the SDK client's happy path runs in chio-cli's real-peer tests. */
class StreamableHttpTransportTest {
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
      + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<McpRelay> relays = new CopyOnWriteArrayList<>();
  private StreamableHttpTransport transport;
  private URI endpoint;

  @BeforeEach
  void start() throws Exception {
    RelayConfig config = RelayConfig.of(List.of(Peers.node(), Peers.script("fake-server.mjs").toString()))
        .withRequestTimeout(Duration.ofSeconds(20));
    transport = new StreamableHttpTransport(new InetSocketAddress("127.0.0.1", 0), "/mcp", 4096, (channel, id) -> {
      McpRelay r = new McpRelay(config, new ScriptedGate("write_file"), channel, id, s -> {});
      relays.add(r);
      return r;
    }, s -> {});
    transport.start();
    endpoint = URI.create("http://127.0.0.1:" + transport.port() + "/mcp");
  }

  @AfterEach
  void stop() throws Exception {
    transport.close();
  }

  private HttpResponse<String> post(String session, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON messages of an SSE body. */
  private static List<JsonNode> events(String sse) {
    return sse.lines().filter(l -> l.startsWith("data: ")).map(l -> Json.parse(l.substring(6))).toList();
  }

  private String initialize() throws Exception {
    HttpResponse<String> r = post(null, INIT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    assertThat(events(r.body()).get(0).path("result").path("serverInfo").path("name").asText()).isEqualTo("fake");
    return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  @Test
  void aSessionIsIssuedAtInitializeAndCallsAreGovernedOnIt() throws Exception {
    String session = initialize();
    assertThat(session).matches("[0-9a-f]{32}");
    assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode()).isEqualTo(202);
    List<JsonNode> ok = events(post(session,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"a\":1}}}").body());
    assertThat(ok.get(ok.size() - 1).path("result").path("content").path(0).path("text").asText()).isEqualTo("{\"a\":1}");
    List<JsonNode> denied = events(post(session,
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"write_file\"}}").body());
    assertThat(denied.get(0).path("method").asText()).isEqualTo("notifications/message");
    assertThat(denied.get(1).path("result").path("isError").asBoolean()).isTrue();
  }

  @Test
  void requestsWithoutAValidSessionOriginOrSizeAreRefused() throws Exception {
    assertThat(post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode()).isEqualTo(400);
    assertThat(post("0123", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode()).isEqualTo(404);
    assertThat(post(null, INIT, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(post(null, INIT, "Origin", "http://localhost:5173").statusCode()).isEqualTo(200);
    HttpResponse<String> big = post(null, "{\"pad\":\"" + "x".repeat(5000) + "\"}");
    assertThat(big.statusCode()).isEqualTo(413);
    HttpResponse<String> malformed = post(null, "{\"jsonrpc\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(Json.parse(malformed.body()).path("error").path("code").asInt()).isEqualTo(JsonRpc.PARSE_ERROR);
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(endpoint).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(405);
    HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(endpoint.resolve("/other")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(elsewhere.statusCode()).isEqualTo(404);
  }

  @Test
  void deleteEndsTheSessionAndReapsItsServer() throws Exception {
    String session = initialize();
    McpRelay relay = relays.get(0);
    long pid = relay.serverPid();
    HttpResponse<String> del = http.send(HttpRequest.newBuilder(endpoint).header("Mcp-Session-Id", session).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(del.statusCode()).isEqualTo(204);
    assertThat(relay.ended().get(10, TimeUnit.SECONDS)).isZero();
    assertThat(ProcessHandle.of(pid)).isEmpty();
    assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}").statusCode()).isEqualTo(404);
  }
}
