package io.chio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.MonetaryAmount;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Hex;
import io.chio.core.json.Json;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.protect.InMemoryReceiptLog;
import io.chio.protect.ProtectConfig;
import io.chio.protect.ProtectServer;
import io.chio.protect.SpecDiscovery;
import io.chio.protect.StartupLog;
import io.chio.protect.demo.SampleApi;
import io.chio.protect.route.LoadedSpec;
import io.chio.store.ReceiptFilter;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.ReceiptLogReader;
import io.chio.store.ReceiptPage;
import io.chio.store.ReceiptProof;
import io.chio.store.SqliteReceiptLog;
import io.chio.store.StoredReceipt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code chio demo}: the sample API, the proxy, a scripted agent, then verification of the evidence. */
final class Demo {
  private final PrintWriter out;
  private final PrintWriter err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> failures = new ArrayList<>();
  /** Receipt id the caller was given, per step, for the verification at the end. */
  private final Map<String, String> shown = new LinkedHashMap<>();
  private URI proxy;

  Demo(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  boolean run() throws Exception {
    SecureRandom random = new SecureRandom();
    Ed25519SigningKey kernel = Ed25519SigningKey.generate(random);
    Ed25519SigningKey agent = Ed25519SigningKey.generate(random);
    byte[] tokenBytes = new byte[24];
    random.nextBytes(tokenBytes);
    String controlToken = Hex.encode(tokenBytes);
    // The demo's receipts go where a deployment's go: a SQLite receipt log, checkpointed.
    Path dir = Files.createTempDirectory("chio-demo");
    Path db = dir.resolve("receipts.sqlite");
    SqliteReceiptLog log = SqliteReceiptLog.open(db, kernel, ReceiptLogOptions.DEFAULTS);

    out.println("chio demo: a sample Orders API behind chio, called by a scripted agent");
    out.println();
    try (SampleApi api = SampleApi.start(0)) {
      out.println("sample API (knows nothing of chio): " + api.uri() + " (serves its spec at /openapi.yaml)");
      SpecDiscovery.Result found = SpecDiscovery.discover(api.uri(), Duration.ofSeconds(5));
      if (found.spec().isEmpty()) {
        err.println("chio demo: could not discover the sample API's spec: " + found.attempts());
        log.close();
        deleteTree(dir);
        return false;
      }
      LoadedSpec spec = found.spec().get();
      ProtectConfig config =
          ProtectConfig.builder()
              .upstream(api.uri())
              .listen("127.0.0.1:0")
              .spec(spec)
              .kernelKey(kernel)
              .receiptLog(log, db.toString())
              .controlToken(controlToken.getBytes(StandardCharsets.UTF_8))
              .build();
      try (ProtectServer server = ProtectServer.start(config)) {
        proxy = server.uri();
        StartupLog.specLoaded(spec).forEach(out::println);
        StartupLog.routesBuilt(server.routes()).forEach(out::println);
        StartupLog.ready(server).forEach(out::println);
        out.println("  server_id: " + config.serverId() + ", kernel_key: " + kernel.publicKey().toHex());
        out.println();
        agent(kernel, agent, controlToken, config.serverId());
      }
    }
    // Closing the proxy closed the log, which wrote its last checkpoint.
    out.println();
    try {
      verify(kernel, db);
    } finally {
      deleteTree(dir);
    }
    out.println();
    if (failures.isEmpty()) {
      out.println("All checks passed.");
    } else {
      failures.forEach(f -> out.println("FAILED: " + f));
    }
    out.flush();
    return failures.isEmpty();
  }

  private void agent(Ed25519SigningKey kernel, Ed25519SigningKey agent, String controlToken, String serverId) throws Exception {
    out.println("1. Allowed read: a safe GET needs no capability and passes with an audit receipt");
    call("read", 200, "GET", "/tenants/acme-42/orders", null);

    out.println("2. Denied write: a refund without a capability");
    call("denied", 403, "POST", "/tenants/acme-42/orders/ord-42/refund", "{\"amount_cents\": 4200}",
        "Content-Type", "application/json");

    long now = System.currentTimeMillis() / 1000;
    String capId = "cap-demo-" + Long.toHexString(System.nanoTime());
    ToolGrant read = ToolGrant.of(serverId, "GET /tenants/acme-42/**", List.of(Operation.INVOKE));
    ToolGrant refund =
        ToolGrant.of(serverId, "POST /tenants/acme-42/orders/{orderId}/refund", List.of(Operation.INVOKE))
            .withMaxInvocations(100L)
            .withMaxTotalCost(new MonetaryAmount(25_000, "USD"));
    ToolGrant delete = ToolGrant.of(serverId, "DELETE /tenants/acme-42/orders/{orderId}", List.of(Operation.INVOKE));
    CapabilityToken token =
        CapabilityToken.issue(kernel, capId, agent.publicKey(), Scope.ofTools(List.of(read, refund, delete)), now, now + 600);
    String cap = Json.mapper().writeValueAsString(token.toJson());
    out.println("3. Write with a freshly minted capability " + capId + " (for tenant acme-42):");
    for (ToolGrant g : List.of(read, refund, delete)) {
      out.println("     " + g.serverId() + "  " + g.toolName()
          + (g.maxTotalCost() != null ? "  (max " + g.maxInvocations() + " calls, " + g.maxTotalCost() + ")" : ""));
    }
    call("refund", 200, "POST", "/tenants/acme-42/orders/ord-42/refund", "{\"amount_cents\": 4200, \"reason\": \"duplicate charge\"}",
        "Authorization", "Bearer upstream-user-token-abc", "X-Chio-Capability", cap, "X-Chio-Cost", "4200",
        "Content-Type", "application/json");

    out.println("4. Out-of-tenant write: the same capability against tenant other-99");
    call("other-tenant", 403, "POST", "/tenants/other-99/orders/ord-1/refund", "{\"amount_cents\": 100}",
        "X-Chio-Capability", cap, "X-Chio-Cost", "100", "Content-Type", "application/json");

    out.println("5. Approval-required call: DELETE is marked x-chio-approval-required");
    HttpResponse<String> pending = call("pending", 409, "DELETE", "/tenants/acme-42/orders/ord-43", null,
        "X-Chio-Capability", cap, "X-Chio-Cost", "500");
    String approvalId = body(pending).path("approval_id").asText("");
    out.println("   operator approves: POST /approvals/" + approvalId + "/respond {\"decision\": \"approve\"}");
    HttpResponse<String> approved =
        send("POST", "/approvals/" + approvalId + "/respond", "{\"decision\": \"approve\", \"note\": \"demo operator\"}",
            "Authorization", "Bearer " + controlToken, "Content-Type", "application/json");
    out.println("   <- " + approved.statusCode() + " " + approved.body());
    expect(approved.statusCode() == 200, "the operator's approval was accepted");
    out.println("   the agent repeats the call with X-Chio-Approval-Id: " + approvalId);
    call("approved", 204, "DELETE", "/tenants/acme-42/orders/ord-43", null,
        "X-Chio-Capability", cap, "X-Chio-Cost", "500", "X-Chio-Approval-Id", approvalId);
  }

  private HttpResponse<String> call(String step, int expected, String method, String path, String body, String... headers)
      throws Exception {
    out.println("   -> " + method + " " + path);
    HttpResponse<String> r = send(method, path, body, headers);
    String id = r.headers().firstValue("X-Chio-Receipt-Id").orElse("(none)");
    String text = r.body().isEmpty() ? "" : " " + r.body();
    out.println("   <- " + r.statusCode() + text);
    out.println("   receipt " + id);
    expect(r.statusCode() == expected, step + ": expected " + expected + ", got " + r.statusCode());
    expect(!id.equals("(none)"), step + ": the response carries X-Chio-Receipt-Id");
    shown.put(step, id);
    return r;
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(proxy + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> r) {
    try {
      return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return Json.object();
    }
  }

  private void verify(Ed25519SigningKey kernel, Path db) throws Exception {
    out.println("Verification (offline, with nothing but the kernel public key)");
    ReceiptVerifier verifier = ReceiptVerifier.trusting(kernel.publicKey());
    List<StoredReceipt> records = new ArrayList<>();
    try (ReceiptLogReader reader = ReceiptLogReader.open(db)) {
      String cursor = null;
      do {
        ReceiptPage page = reader.list(ReceiptFilter.ALL, ReceiptLogReader.MAX_LIMIT, cursor);
        records.addAll(page.receipts());
        cursor = page.nextCursor().orElse(null);
      } while (cursor != null);
    }
    Map<String, HttpReceipt> byId = new LinkedHashMap<>();
    int ok = 0;
    for (StoredReceipt rec : records) {
      HttpReceipt r = HttpReceipt.fromCanonicalBytes(rec.canonicalJson());
      byId.put(r.id(), r);
      if (verifier.verify(r).ok()) {
        ok++;
      }
    }
    out.println("  receipts in the log " + db.getFileName() + ": " + records.size() + ", signature and scope verified: " + ok);
    expect(ok == records.size() && !records.isEmpty(), "every receipt verifies");
    int pairs = 0;
    for (HttpReceipt r : byId.values()) {
      if (r.statusScope().orElse("").equals("final")) {
        HttpReceipt decision = byId.get(r.decisionReceiptId().orElse(""));
        expect(decision != null && verifier.verifyPair(decision, r).ok(), "final receipt " + r.id() + " pairs with its decision");
        pairs++;
      }
    }
    out.println("  decision/final pairs for forwarded calls: " + pairs + " (each verified)");
    for (Map.Entry<String, String> e : shown.entrySet()) {
      expect(byId.containsKey(e.getValue()), e.getKey() + ": receipt " + e.getValue() + " is in the log");
    }
    String refundId = shown.get("refund");
    HttpReceipt refund = byId.get(refundId);
    if (refund == null) {
      expect(false, "the refund receipt is in the log");
      return;
    }
    out.println("  refund receipt " + refundId + ": " + refund.method().wire() + " " + refund.routePattern()
        + ", verdict " + refund.verdict().verdict() + ", status " + refund.responseStatus() + ", capability "
        + refund.capabilityId().orElse("-") + ", caller " + refund.callerIdentityHash());
    String keyHex = kernel.publicKey().toHex();
    Captured proof = cli("--receipt-db", db.toString(), "receipt", "proof", refundId);
    expect(proof.exit() == ExitCodes.OK, "chio receipt proof runs (exit " + proof.exit() + ": " + proof.err().strip() + ")");
    if (proof.exit() == ExitCodes.OK) {
      JsonNode j = Json.parse(proof.out().getBytes(StandardCharsets.UTF_8));
      List<String> problems = ReceiptProof.fromJson(j).verify(kernel.publicKey());
      out.println("  $ chio --receipt-db " + db + " receipt proof " + refundId);
      out.println("  inclusion proof for the refund receipt (receipt seq " + j.get("receipt_seq").asLong() + ", checkpoint "
          + j.get("checkpoint").get("body").get("checkpoint_seq").asLong() + ", "
          + j.get("inclusion_proof").get("audit_path").size() + " siblings, signed checkpoint): "
          + (problems.isEmpty() ? "verified" : "FAILED " + problems));
      expect(problems.isEmpty(), "the refund receipt's inclusion proof verifies");
      expect(!tamperedProofVerifies(j, kernel), "a tampered receipt fails the inclusion proof");
    }
    Captured whole = cli("--receipt-db", db.toString(), "receipt", "verify", "--db", "--kernel-key", keyHex);
    out.println("  $ chio --receipt-db " + db + " receipt verify --db --kernel-key " + keyHex);
    out.println("  " + whole.out().strip());
    expect(whole.exit() == ExitCodes.OK, "chio receipt verify --db accepts the whole log (exit " + whole.exit() + ")");
    receiptVerify(refund, kernel);
  }

  /** The proof with one field of the receipt changed: must not verify (or not even parse). */
  private static boolean tamperedProofVerifies(JsonNode proof, Ed25519SigningKey kernel) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = proof.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("receipt")).put("response_status", 201);
    try {
      return ReceiptProof.fromJson(copy).verify(kernel.publicKey()).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private record Captured(int exit, String out, String err) {}

  private static Captured cli(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
    return new Captured(code, o.toString(), e.toString());
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }

  /** The same check with the CLI a user would run: {@code chio receipt verify}. */
  private void receiptVerify(HttpReceipt refund, Ed25519SigningKey kernel) {
    try {
      Path dir = Files.createTempDirectory("chio-demo");
      Path file = dir.resolve("refund-receipt.json");
      Files.write(file, refund.canonicalBytes());
      StringWriter captured = new StringWriter();
      StringWriter capturedErr = new StringWriter();
      int code =
          Main.run(new PrintWriter(captured), new PrintWriter(capturedErr), "receipt", "verify", "--receipt", file.toString(),
              "--kernel-key", kernel.publicKey().toHex());
      out.println("  $ chio receipt verify --receipt " + file + " --kernel-key " + kernel.publicKey().toHex());
      out.println("  " + captured.toString().strip());
      expect(code == ExitCodes.OK, "chio receipt verify accepts the refund receipt (exit " + code + ")");
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    } catch (java.io.IOException e) {
      expect(false, "chio receipt verify could run: " + e.getMessage());
    }
  }

  /**
   * Keeps the sample API and a proxy running on {@code listen} and writes a refund capability to
   * {@code capFile}, for the seed's curl example. Blocks until the process is interrupted.
   */
  void serve(String listen, Path capFile) throws Exception {
    SecureRandom random = new SecureRandom();
    Ed25519SigningKey kernel = Ed25519SigningKey.generate(random);
    Ed25519SigningKey agent = Ed25519SigningKey.generate(random);
    SampleApi api = SampleApi.start(0);
    LoadedSpec spec = io.chio.protect.route.SpecLoader.load(api.spec(), api.uri() + "/openapi.yaml");
    ProtectConfig config =
        ProtectConfig.builder()
            .upstream(api.uri())
            .listen(listen)
            .spec(spec)
            .kernelKey(kernel)
            .receiptLog(new InMemoryReceiptLog(100_000), "in-memory")
            .build();
    ProtectServer server;
    try {
      server = ProtectServer.start(config);
    } catch (java.io.IOException e) {
      api.close();
      throw new UserError("cannot listen on " + listen + ": " + e.getMessage());
    }
    long now = System.currentTimeMillis() / 1000;
    ToolGrant refund = ToolGrant.of(config.serverId(), "POST /orders/{orderId}/refund", List.of(Operation.INVOKE));
    CapabilityToken token =
        CapabilityToken.issue(kernel, "cap-refund-42", agent.publicKey(), Scope.ofTools(List.of(refund)), now, now + 24 * 3600);
    Files.writeString(capFile, Json.mapper().writeValueAsString(token.toJson()), StandardCharsets.UTF_8);
    out.println();
    StartupLog.ready(server).forEach(out::println);
    out.println("  kernel_key: " + kernel.publicKey().toHex());
    out.println("wrote " + capFile + " (capability cap-refund-42 for POST /orders/{orderId}/refund). Try:");
    out.println("  curl -X POST " + server.uri() + "/orders/ord-42/refund \\");
    out.println("    -H \"Authorization: Bearer upstream-user-token-abc\" \\");
    out.println("    -H \"X-Chio-Capability: $(cat ./" + capFile + ")\" \\");
    out.println("    -H \"Content-Type: application/json\" \\");
    out.println("    -d '{\"amount_cents\": 4200, \"reason\": \"duplicate charge\"}'");
    out.println("Ctrl-C stops.");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        api.close();
      } catch (Exception e) {
        // Stopping anyway.
      }
    }));
    server.join();
  }

  private void expect(boolean condition, String what) {
    if (!condition) {
      failures.add(what);
    }
  }
}
