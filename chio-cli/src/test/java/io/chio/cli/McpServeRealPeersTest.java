package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerification;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.store.ReceiptFilter;
import io.chio.store.ReceiptLogReader;
import io.chio.store.StoredReceipt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chio mcp serve} as a user runs it: a fresh JVM spawned by the official TypeScript MCP
 * client, wrapping the reference servers from npm. Receipts are read back from the SQLite store
 * and verified against the authority key.
 */
class McpServeRealPeersTest {
  /**
   * These tests are about the protocol and the guards' verdicts, not guard speed: on a loaded CI box
   * a cold first call once overran the 100 ms default and was (correctly) denied.
   */
  private static final String PEER_GUARD_DEADLINE_MS = "10000";

  @TempDir Path work;

  static Path nodeModules;

  @BeforeAll
  static void peers() {
    nodeModules = McpPeers.nodeModules();
  }

  private Path seed() throws Exception {
    Path seed = work.resolve("authority.seed");
    if (!Files.exists(seed)) {
      Files.writeString(seed, Ed25519SigningKey.generate(new java.security.SecureRandom()).exportSeedHex() + "\n");
    }
    return seed;
  }

  private Ed25519SigningKey authority() throws Exception {
    return Ed25519SigningKey.fromSeedHex(Files.readString(seed()).strip());
  }

  private static String filesystemServer() {
    return nodeModules.resolve("@modelcontextprotocol/server-filesystem/dist/index.js").toString();
  }

  private static String everythingServer() {
    return nodeModules.resolve("@modelcontextprotocol/server-everything/dist/index.js").toString();
  }

  private ObjectNode stdioPlan(List<String> chioArgs) {
    ObjectNode plan = Json.object();
    ObjectNode t = plan.putObject("transport");
    List<String> cmd = McpPeers.chio(chioArgs.toArray(String[]::new));
    t.put("command", cmd.get(0));
    ArrayNode args = t.putArray("args");
    cmd.subList(1, cmd.size()).forEach(args::add);
    t.put("cwd", work.toString());
    plan.putArray("steps");
    return plan;
  }

  private static ObjectNode step(ObjectNode plan, String op) {
    return ((ArrayNode) plan.get("steps")).addObject().put("op", op);
  }

  private static ObjectNode call(ObjectNode plan, String tool, ObjectNode args) {
    ObjectNode s = step(plan, "call").put("name", tool);
    s.set("arguments", args);
    return s;
  }

  /** Every receipt in the store, each checked to verify under the authority key. */
  private List<ChioReceipt> receipts(Path store) throws Exception {
    List<ChioReceipt> out = new ArrayList<>();
    ReceiptVerifier verifier = ReceiptVerifier.trusting(authority().publicKey());
    try (ReceiptLogReader reader = ReceiptLogReader.open(store)) {
      for (StoredReceipt s : reader.list(ReceiptFilter.ALL, ReceiptLogReader.MAX_LIMIT, null).receipts()) {
        ChioReceipt r = ChioReceipt.fromCanonicalBytes(s.canonicalJson());
        ReceiptVerification v = verifier.verify(r);
        assertThat(v.ok()).as("receipt %s verifies: %s", r.id(), v.problems()).isTrue();
        out.add(r);
      }
    }
    return out;
  }

  private static List<ChioReceipt> forTool(List<ChioReceipt> all, String tool, String pathArg) {
    return all.stream()
        .filter(r -> r.toolName().equals(tool) && (pathArg == null || r.parameters().path("path").asText().equals(pathArg)))
        .toList();
  }

  private static List<String> toolNames(JsonNode step) {
    List<String> names = new ArrayList<>();
    step.path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
    return names;
  }

  @Test
  void filesystemServerReadsAllowedSecretsDeniedEachWithAVerifiedReceipt() throws Exception {
    Path ws = Files.createDirectories(work.resolve("workspace"));
    Files.writeString(ws.resolve("hello.txt"), "hello from the workspace\n");
    Files.writeString(ws.resolve(".env"), "DB_PASSWORD=hunter2\n");
    Path store = work.resolve("receipts.sqlite");
    String sshKey = System.getProperty("user.home") + "/.ssh/id_rsa";
    ObjectNode plan = stdioPlan(List.of("--authority-seed-file", seed().toString(), "mcp", "serve", "--guard-deadline-ms", PEER_GUARD_DEADLINE_MS,
        "--policy", Path.of("..", "policies", "mcp-filesystem.yaml").toAbsolutePath().normalize().toString(),
        "--server-id", "srv-files", "--receipt-store", store.toString(), "--", "node", filesystemServer(), "./workspace"));
    step(plan, "listTools");
    call(plan, "read_text_file", Json.object().put("path", ws.resolve("hello.txt").toString()));
    call(plan, "read_text_file", Json.object().put("path", ws.resolve(".env").toString()));
    call(plan, "read_text_file", Json.object().put("path", sshKey));
    call(plan, "write_file", Json.object().put("path", ws.resolve("notes.txt").toString()).put("content", "written via chio"));
    step(plan, "ping");

    JsonNode report = McpPeers.runClient(work, plan);
    JsonNode steps = report.get("steps");
    assertThat(report.path("serverInfo").path("name").asText()).isEqualTo("secure-filesystem-server");
    assertThat(toolNames(steps.get(0))).contains("read_text_file", "write_file", "list_directory");

    JsonNode hello = steps.get(1).get("result");
    assertThat(hello.path("isError").asBoolean(false)).isFalse();
    assertThat(hello.path("content").path(0).path("text").asText()).isEqualTo("hello from the workspace\n");

    JsonNode env = steps.get(2).get("result");
    assertThat(env.path("isError").asBoolean()).isTrue();
    assertThat(env.path("content").path(0).path("text").asText()).contains("forbidden-path").doesNotContain("hunter2");
    JsonNode ssh = steps.get(3).get("result");
    assertThat(ssh.path("isError").asBoolean()).isTrue();
    assertThat(ssh.path("content").path(0).path("text").asText()).contains("forbidden-path");
    assertThat(report.get("logs").toString()).contains("tool_denied", "forbidden-path");

    assertThat(steps.get(4).path("result").path("isError").asBoolean(false)).isFalse();
    assertThat(Files.readString(ws.resolve("notes.txt"))).isEqualTo("written via chio");
    assertThat(steps.get(5).has("result")).isTrue();

    List<ChioReceipt> all = receipts(store);
    List<ChioReceipt> helloReceipts = forTool(all, "read_text_file", ws.resolve("hello.txt").toString());
    assertThat(helloReceipts).hasSize(2);
    assertThat(helloReceipts).allMatch(r -> r.decision().orElseThrow().verdict().equals("allow"));
    ChioReceipt helloFinal = helloReceipts.get(1);
    assertThat(helloFinal.contentHash()).isEqualTo(Sha256.hex(CanonicalJson.bytes(hello)));
    assertThat(helloFinal.metadata().orElseThrow().path("tool_hints").path("readOnlyHint").asBoolean()).isTrue();

    ChioReceipt envDeny = forTool(all, "read_text_file", ws.resolve(".env").toString()).get(0);
    assertThat(envDeny.decision().orElseThrow().verdict()).isEqualTo("deny");
    assertThat(env.path("_meta").path("chio/receipt_id").asText()).isEqualTo(envDeny.id());
    assertThat(forTool(all, "read_text_file", sshKey)).singleElement()
        .satisfies(r -> assertThat(r.decision().orElseThrow().verdict()).isEqualTo("deny"));
    List<ChioReceipt> writes = forTool(all, "write_file", null);
    assertThat(writes).hasSize(2);
    assertThat(writes.get(1).metadata().orElseThrow().path("tool_hints").path("destructiveHint").asBoolean()).isTrue();
    assertThat(all).hasSize(6);
  }

  @Test
  void readOnlyPresetHidesAndDeniesWriteFile() throws Exception {
    Path ws = Files.createDirectories(work.resolve("workspace"));
    Path store = work.resolve("receipts.sqlite");
    ObjectNode plan = stdioPlan(List.of("--authority-seed-file", seed().toString(), "mcp", "serve", "--guard-deadline-ms", PEER_GUARD_DEADLINE_MS, "--preset", "read-only",
        "--server-id", "srv-files", "--receipt-store", store.toString(), "--", "node", filesystemServer(), ws.toString()));
    step(plan, "listTools");
    call(plan, "write_file", Json.object().put("path", ws.resolve("evil.txt").toString()).put("content", "x"));
    call(plan, "list_directory", Json.object().put("path", ws.toString()));

    JsonNode steps = McpPeers.runClient(work, plan).get("steps");
    assertThat(toolNames(steps.get(0))).contains("read_text_file", "list_directory").doesNotContain("write_file", "edit_file", "move_file");
    JsonNode denied = steps.get(1).get("result");
    assertThat(denied.path("isError").asBoolean()).isTrue();
    assertThat(denied.path("content").path(0).path("text").asText()).contains("write_file");
    assertThat(Files.exists(ws.resolve("evil.txt"))).isFalse();
    assertThat(steps.get(2).path("result").path("isError").asBoolean(false)).isFalse();

    List<ChioReceipt> all = receipts(store);
    assertThat(forTool(all, "write_file", null)).singleElement()
        .satisfies(r -> assertThat(r.decision().orElseThrow().verdict()).isEqualTo("deny"));
    assertThat(forTool(all, "list_directory", null)).hasSize(2);
  }

  @Test
  void everythingServerNotificationsProgressSamplingElicitationRootsAndResourcesPassThrough() throws Exception {
    Path store = work.resolve("receipts.sqlite");
    ObjectNode plan = stdioPlan(List.of("--authority-seed-file", seed().toString(), "mcp", "serve", "--guard-deadline-ms", PEER_GUARD_DEADLINE_MS, "--preset", "default",
        "--server-id", "srv-everything", "--receipt-store", store.toString(), "--", "node", everythingServer(), "stdio"));
    plan.putArray("roots").add("file:///tmp/chio-roots-test");
    step(plan, "listTools");
    call(plan, "echo", Json.object().put("message", "through chio"));
    call(plan, "trigger-long-running-operation", Json.object().put("duration", 1).put("steps", 4)).put("progress", true);
    call(plan, "trigger-sampling-request", Json.object().put("prompt", "say hi").put("maxTokens", 16));
    call(plan, "get-roots-list", Json.object());
    step(plan, "listResources");
    step(plan, "readResource").put("uri", "demo://resource/static/document/architecture.md");
    call(plan, "trigger-elicitation-request", Json.object());

    JsonNode report = McpPeers.runClient(work, plan);
    JsonNode steps = report.get("steps");
    assertThat(toolNames(steps.get(0))).contains("echo", "trigger-sampling-request", "get-roots-list");
    assertThat(steps.get(1).path("result").path("content").path(0).path("text").asText()).isEqualTo("Echo: through chio");
    assertThat(steps.get(2).path("result").path("content").path(0).path("text").asText()).contains("completed");
    assertThat(report.get("progress").size()).isGreaterThanOrEqualTo(2);
    assertThat(report.get("progress").get(0).path("total").asInt()).isEqualTo(4);
    // The server's sampling request reached the client and the client's answer reached the tool.
    assertThat(report.get("serverRequests").toString()).contains("sampling/createMessage", "roots/list", "elicitation/create");
    assertThat(steps.get(3).path("result").path("content").path(0).path("text").asText()).contains("sampled by the test client");
    assertThat(steps.get(4).path("result").path("content").path(0).path("text").asText()).contains("file:///tmp/chio-roots-test");
    assertThat(steps.get(5).path("result").path("resources").size()).isPositive();
    assertThat(steps.get(6).path("result").path("contents").path(0).path("uri").asText())
        .isEqualTo("demo://resource/static/document/architecture.md");
    assertThat(steps.get(7).path("result").path("content").path(0).path("text").asText()).contains("declined");
    // The server's own log notifications pass through next to chio's.
    assertThat(report.get("logs").toString()).contains("everything-server");

    List<ChioReceipt> all = receipts(store);
    assertThat(all.stream().map(ChioReceipt::toolName).distinct())
        .containsExactlyInAnyOrder("echo", "trigger-long-running-operation", "trigger-sampling-request", "get-roots-list",
            "trigger-elicitation-request");
    assertThat(all).hasSize(10).allMatch(r -> r.decision().orElseThrow().verdict().equals("allow"));
  }

  @Test
  void streamableHttpServesARemoteClientAndShutdownReapsTheServer() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path store = work.resolve("receipts.sqlite");
    Process chio = new ProcessBuilder(McpPeers.chio("--authority-seed-file", seed().toString(), "mcp", "serve", "--preset", "default",
        "--server-id", "srv-everything", "--receipt-store", store.toString(), "--listen", "127.0.0.1:" + port, "--",
        "node", everythingServer(), "stdio"))
        .directory(work.toFile())
        .redirectErrorStream(true)
        .start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(chio.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Void> listening = new CompletableFuture<>();
      Thread drain = new Thread(() -> {
        try {
          String line;
          while ((line = lines.readLine()) != null) {
            if (line.contains("MCP Streamable HTTP on")) {
              listening.complete(null);
            }
          }
        } catch (java.io.IOException e) {
          listening.completeExceptionally(e);
        }
      });
      drain.setDaemon(true);
      drain.start();
      listening.get(60, TimeUnit.SECONDS);

      ObjectNode plan = Json.object();
      plan.putObject("transport").put("url", "http://127.0.0.1:" + port + "/mcp");
      plan.putArray("steps");
      step(plan, "listTools");
      call(plan, "echo", Json.object().put("message", "over http"));
      call(plan, "trigger-sampling-request", Json.object().put("prompt", "hi").put("maxTokens", 8));
      JsonNode report = McpPeers.runClient(work, plan);
      JsonNode steps = report.get("steps");
      assertThat(toolNames(steps.get(0))).contains("echo");
      assertThat(steps.get(1).path("result").path("content").path(0).path("text").asText()).isEqualTo("Echo: over http");
      assertThat(steps.get(2).path("result").path("content").path(0).path("text").asText()).contains("sampled by the test client");
      assertThat(report.get("serverRequests").toString()).contains("sampling/createMessage");
    } finally {
      List<ProcessHandle> children = chio.descendants().toList();
      chio.destroy();
      assertThat(chio.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (ProcessHandle c : children) {
        c.onExit().get(10, TimeUnit.SECONDS);
        assertThat(c.isAlive()).as("server process %d reaped", c.pid()).isFalse();
      }
    }
    List<ChioReceipt> all = receipts(store);
    assertThat(all.stream().map(ChioReceipt::toolName)).contains("echo", "trigger-sampling-request");
  }

  @Test
  void missingNpmPackagesFailWithTheCommandToRun() {
    assertThatThrownBy(() -> McpPeers.requireInstalled(work))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("run `npm ci` in " + work);
  }
}
