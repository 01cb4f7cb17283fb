package io.chio.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Relay mechanics against a misbehaving server (fake-server.mjs), with a scripted gate. */
class RelayTest {
  private static RelayConfig config(String... extra) {
    List<String> cmd = new ArrayList<>(List.of(Peers.node(), Peers.script("fake-server.mjs").toString()));
    cmd.addAll(List.of(extra));
    return RelayConfig.of(cmd).withRequestTimeout(Duration.ofSeconds(20));
  }

  @Test
  void requestsBeforeInitializeAreRefusedButPingIsAnswered() throws Exception {
    try (RelayHarness h = new RelayHarness(config(), new ScriptedGate())) {
      h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
      JsonNode e = h.nextResponse();
      assertThat(e.path("id").asInt()).isEqualTo(1);
      assertThat(e.path("error").path("code").asInt()).isEqualTo(JsonRpc.NOT_INITIALIZED);
      h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}");
      assertThat(h.nextResponse().path("error").path("code").asInt()).isEqualTo(JsonRpc.NOT_INITIALIZED);
      h.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
      assertThat(h.nextResponse().path("result").isObject()).isTrue();
    }
  }

  @Test
  void malformedMessagesGetJsonRpcErrorsAndTheSessionGoesOn() throws Exception {
    try (RelayHarness h = new RelayHarness(config(), new ScriptedGate())) {
      h.send("{\"jsonrpc\":\"2.0\",\"id\":1,");
      JsonNode parse = h.nextResponse();
      assertThat(parse.path("error").path("code").asInt()).isEqualTo(JsonRpc.PARSE_ERROR);
      assertThat(parse.get("id").isNull()).isTrue();
      // Duplicate keys: two readers could disagree on which tool is called.
      h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"method\":\"tools/call\"}");
      assertThat(h.nextResponse().path("error").path("code").asInt()).isEqualTo(JsonRpc.PARSE_ERROR);
      h.send("[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"write_file\"}}]");
      assertThat(h.nextResponse().path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
      h.send("{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}");
      JsonNode v = h.nextResponse();
      assertThat(v.path("id").asInt()).isEqualTo(4);
      assertThat(v.path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
      h.send("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}");
      assertThat(h.nextResponse().path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
      h.send("\u00ff\u00fe");
      assertThat(h.nextResponse().path("error").path("code").asInt()).isEqualTo(JsonRpc.PARSE_ERROR);
      h.initialize();
      assertThat(h.call(5, "echo", "{\"x\":1}").path("result").path("content").path(0).path("text").asText())
          .isEqualTo("{\"x\":1}");
    }
  }

  @Test
  void aFrameOverTheLimitIsRefusedOverStdioAndTheNextFrameStillWorks() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    PipedOutputStream toRelay = new PipedOutputStream();
    PipedInputStream relayIn = new PipedInputStream(toRelay, 1 << 16);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    McpRelay relay = new McpRelay(config().withMaxFrameBytes(4096), gate, StdioTransport.channel(out), "t", s -> {});
    relay.start();
    Thread client = new Thread(() -> {
      try {
        toRelay.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(10_000) + "\"}}\n")
            .getBytes(StandardCharsets.UTF_8));
        toRelay.write("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(1500);
        toRelay.close();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    client.start();
    assertThat(StdioTransport.run(relay, relayIn)).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    JsonNode tooBig = Json.parse(lines[0]);
    assertThat(tooBig.path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
    assertThat(tooBig.path("error").path("message").asText()).contains("exceeds the limit of 4096 bytes");
    assertThat(Json.parse(lines[1]).path("id").asInt()).isEqualTo(2);
    assertThat(ProcessHandle.of(relay.serverPid())).isEmpty();
  }

  @Test
  void toolsListIsFilteredAndDeniedCallsNeverReachTheServer() throws Exception {
    ScriptedGate gate = new ScriptedGate("write_file");
    try (RelayHarness h = new RelayHarness(config(), gate)) {
      JsonNode init = h.initialize();
      assertThat(init.path("result").path("capabilities").has("logging")).isTrue();
      h.send("{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"tools/list\"}");
      JsonNode list = h.nextResponse();
      assertThat(list.path("id").asText()).isEqualTo("list");
      List<String> names = new ArrayList<>();
      list.path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
      assertThat(names).contains("echo", "crash").doesNotContain("write_file");

      h.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"write_file\",\"arguments\":{\"path\":\"a\"}}}");
      JsonNode log = h.next();
      assertThat(log.path("method").asText()).isEqualTo("notifications/message");
      assertThat(log.path("params").path("level").asText()).isEqualTo("warning");
      assertThat(log.path("params").path("data").path("receipt_id").asText()).startsWith("rcpt-deny-");
      JsonNode denied = h.nextResponse();
      assertThat(denied.path("id").asInt()).isEqualTo(7);
      assertThat(denied.path("result").path("isError").asBoolean()).isTrue();
      assertThat(denied.path("result").path("content").path(0).path("text").asText()).contains("tool write_file is blocked");
      // Only allowed calls are ever settled; the denied one never produced a server outcome.
      assertThat(gate.outcomes).isEmpty();
      assertThat(gate.admitted.get(0).annotations().path("destructiveHint").asBoolean()).isTrue();

      JsonNode unknown = h.call(8, "no_such_tool", "{}");
      assertThat(unknown.path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_PARAMS);
      JsonNode badArgs = h.call(9, "echo", "[1]");
      assertThat(badArgs.path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_PARAMS);
    }
  }

  @Test
  void idsArePreservedReservedOnesRefusedAndDuplicatesInFlightRejected() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    try (RelayHarness h = new RelayHarness(config(), gate)) {
      h.initialize();
      assertThat(h.call(123456789, "echo", "{}").path("id").asLong()).isEqualTo(123456789);
      h.send("{\"jsonrpc\":\"2.0\",\"id\":\"chio-relay-1\",\"method\":\"ping\"}");
      assertThat(h.nextResponse().path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
      h.send("{\"jsonrpc\":\"2.0\",\"id\":\"h\",\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}");
      h.send("{\"jsonrpc\":\"2.0\",\"id\":\"h\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}");
      JsonNode dup = h.nextResponse();
      assertThat(dup.path("id").asText()).isEqualTo("h");
      assertThat(dup.path("error").path("message").asText()).contains("already in flight");
    }
  }

  @Test
  void responseGuardRedactionReachesTheClientAndPlainOutputPassesByteForByte() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    try (RelayHarness h = new RelayHarness(config(), gate)) {
      h.initialize();
      JsonNode secret = h.call(1, "secret", "{}");
      assertThat(secret.path("result").path("content").path(0).path("text").asText()).isEqualTo("key=[REDACTED] done");
      JsonNode junk = h.call(2, "junk", "{}");
      assertThat(junk.path("result").path("content").path(0).path("text").asText()).isEqualTo("after junk");
      assertThat(h.diagnostics).anyMatch(d -> d.contains("malformed message from the server"));
      assertThat(gate.outcomes).hasSize(2).allMatch(o -> o instanceof CallGate.Outcome.Returned);
    }
  }

  @Test
  void aServerErrorIsForwardedAndSettledAsFailed() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    try (RelayHarness h = new RelayHarness(config(), gate)) {
      h.initialize();
      JsonNode r = h.call(1, "fail", "{}");
      assertThat(r.path("error").path("message").asText()).isEqualTo("disk on fire");
      assertThat(gate.outcomes).singleElement().isInstanceOf(CallGate.Outcome.Failed.class);
    }
  }

  @Test
  void aServerThatCrashesMidCallIsReapedAndTheCallSettledAsFailed() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    RelayHarness h = new RelayHarness(config(), gate);
    h.initialize();
    long pid = h.relay.serverPid();
    JsonNode r = h.call(1, "crash", "{}");
    assertThat(r.path("error").path("code").asInt()).isEqualTo(JsonRpc.SERVER_FAILED);
    assertThat(r.path("error").path("message").asText()).contains("exited (code 3)");
    assertThat(h.relay.ended().get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(ProcessHandle.of(pid)).isEmpty();
    assertThat(gate.outcomes).singleElement().isInstanceOf(CallGate.Outcome.Failed.class);
    h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
    assertThat(h.nextResponse().path("error").path("code").asInt()).isEqualTo(JsonRpc.SERVER_FAILED);
  }

  @Test
  void aHangingCallTimesOutAndTheServerIsToldToCancel() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    try (RelayHarness h = new RelayHarness(config().withRequestTimeout(Duration.ofMillis(700)), gate)) {
      h.initialize();
      long t0 = System.nanoTime();
      JsonNode r = h.call(1, "hang", "{}");
      assertThat(r.path("error").path("code").asInt()).isEqualTo(JsonRpc.REQUEST_TIMEOUT);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      assertThat(gate.outcomes).singleElement().isInstanceOf(CallGate.Outcome.TimedOut.class);
      // The session is still usable.
      assertThat(h.call(2, "echo", "{}").has("result")).isTrue();
    }
  }

  @Test
  void aClientCancellationSettlesTheCallAsCancelledAndSuppressesAnyLateAnswer() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    try (RelayHarness h = new RelayHarness(config(), gate)) {
      h.initialize();
      h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}");
      while (gate.admitted.isEmpty()) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1,\"reason\":\"user\"}}");
      assertThat(h.call(2, "echo", "{}").path("id").asInt()).isEqualTo(2);
      assertThat(gate.outcomes).first().isInstanceOf(CallGate.Outcome.Cancelled.class);
      assertThat(((CallGate.Outcome.Cancelled) gate.outcomes.get(0)).reason()).contains("user");
    }
  }

  @Test
  void aClientThatDisconnectsMidCallCancelsItAndTheServerIsReaped() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    RelayHarness h = new RelayHarness(config(), gate);
    h.initialize();
    long pid = h.relay.serverPid();
    h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}");
    while (gate.admitted.isEmpty()) {
      Thread.sleep(10);
    }
    Thread.sleep(100);
    h.relay.onClientFrame(new FrameReader.Frame.End());
    assertThat(h.relay.ended().get(10, TimeUnit.SECONDS)).isZero();
    assertThat(ProcessHandle.of(pid)).isEmpty();
    assertThat(gate.outcomes).singleElement().isInstanceOf(CallGate.Outcome.Cancelled.class);
  }

  @Test
  void aCallBeforeTheToolListIsKnownWaitsForIt() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    try (RelayHarness h = new RelayHarness(config("slow-list"), gate)) {
      h.initialize();
      JsonNode r = h.call(1, "echo", "{\"a\":1}");
      assertThat(r.path("result").path("content").path(0).path("text").asText()).isEqualTo("{\"a\":1}");
      assertThat(gate.admitted.get(0).annotations().path("readOnlyHint").asBoolean()).isTrue();
    }
  }

  /** A client that pipelines initialize, initialized and a call without waiting (as a shell pipe does). */
  @Test
  void aCallPipelinedBehindInitializeWaitsForTheServerAndItsToolList() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    try (RelayHarness h = new RelayHarness(config("slow-init"), gate)) {
      h.send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"pipe\",\"version\":\"1\"}}}");
      h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"p\":1}}}");
      JsonNode first = h.nextResponse();
      assertThat(first.path("id").asInt()).isZero();
      JsonNode call = h.nextResponse();
      assertThat(call.path("id").asInt()).isEqualTo(1);
      assertThat(call.path("result").path("content").path(0).path("text").asText()).isEqualTo("{\"p\":1}");
    }
  }

  @Test
  void aCallWaitingForAToolListThatNeverComesTimesOut() throws Exception {
    ScriptedGate gate = new ScriptedGate();
    try (RelayHarness h = new RelayHarness(config("no-list").withRequestTimeout(Duration.ofMillis(600)), gate)) {
      h.initialize();
      JsonNode r = h.call(1, "echo", "{}");
      assertThat(r.path("error").path("code").asInt()).isEqualTo(JsonRpc.REQUEST_TIMEOUT);
      assertThat(gate.admitted).isEmpty();
    }
  }
}
