package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.protect.ProtectServer;
import io.chio.protect.demo.SampleApi;
import io.chio.store.ReceiptProof;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code chio api protect --receipt-store}: proxied calls leave their receipts in the SQLite log
 * before the caller has the answer, and the receipt commands verify them (the issue's "receipts
 * from a proxied call verify with chio receipt verify"). Budgets survive a restart.
 */
@Timeout(120)
class ApiProtectReceiptStoreTest {
  static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeedHex("11".repeat(32));
  static final String KEY_HEX = KERNEL.publicKey().toHex();

  @TempDir Path dir;
  Path seed;
  Path spec;
  Path db;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void files() throws Exception {
    seed = dir.resolve("seed.hex");
    Files.writeString(seed, "11".repeat(32));
    spec = dir.resolve("openapi.yaml");
    Files.writeString(spec, SampleApi.specText());
    db = dir.resolve("state").resolve("receipts.sqlite");
  }

  private ProtectServer start(SampleApi api, StringWriter err) throws Exception {
    CommandLine cl = new CommandLine(new Main());
    CommandLine.ParseResult pr =
        cl.parseArgs("--authority-seed-file", seed.toString(), "api", "protect", "--upstream", api.uri().toString(), "--spec",
            spec.toString(), "--listen", "127.0.0.1:0", "--receipt-store", db.toString());
    ApiProtectCommand cmd = pr.subcommand().subcommand().commandSpec().commandLine().getCommand();
    return cmd.start(new PrintWriter(err, true));
  }

  private HttpResponse<String> post(ProtectServer s, String path, String capability) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(s.uri() + path))
            .header("Authorization", "Bearer upstream-user-token-abc")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"amount_cents\": 4200, \"reason\": \"duplicate charge\"}"));
    if (capability != null) {
      b.header("X-Chio-Capability", capability);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String refundCapability(long maxInvocations) {
    long now = System.currentTimeMillis() / 1000;
    ToolGrant g = ToolGrant.of("orders-api", "POST /orders/{orderId}/refund", List.of(Operation.INVOKE)).withMaxInvocations(maxInvocations);
    CapabilityToken t =
        CapabilityToken.issue(KERNEL, "cap-refund-42", Ed25519SigningKey.fromSeedHex("22".repeat(32)).publicKey(),
            Scope.ofTools(List.of(g)), now - 60, now + 3600);
    return Json.mapper().valueToTree(t.toJson()).toString();
  }

  private Cli db(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--receipt-db";
    all[1] = db.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(all);
  }

  private static String receiptId(HttpResponse<String> r) {
    return r.headers().firstValue("X-Chio-Receipt-Id").orElseThrow(() -> new AssertionError("no X-Chio-Receipt-Id: " + r));
  }

  @Test
  void proxiedCallsAreInTheLogAndVerifyWithTheReceiptCommands() throws Exception {
    List<String> answered = new ArrayList<>();
    String cap = refundCapability(1);
    try (SampleApi api = SampleApi.start(0)) {
      StringWriter err = new StringWriter();
      try (ProtectServer s = start(api, err)) {
        assertThat(err.toString()).contains("  receipts: " + db).doesNotContain("memory only");
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(s.uri() + "/orders")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        // The receipt is on disk before the caller has the response: readable now, from another connection.
        Cli now = db("receipt", "get", receiptId(read));
        assertThat(now.exit()).as(now.err()).isZero();
        assertThat(Json.parse(now.out()).get("metadata").get("chio_http_status_scope").asText()).isEqualTo("final");
        answered.add(receiptId(read));

        HttpResponse<String> denied = post(s, "/orders/ord-42/refund", null);
        assertThat(denied.statusCode()).isEqualTo(403);
        answered.add(receiptId(denied));

        HttpResponse<String> refund = post(s, "/orders/ord-42/refund", cap);
        assertThat(refund.statusCode()).isEqualTo(200);
        assertThat(refund.body()).isEqualTo("{\"status\": \"refund_issued\", \"refund_id\": \"rf-99\"}");
        answered.add(receiptId(refund));

        HttpResponse<String> spent = post(s, "/orders/ord-43/refund", cap);
        assertThat(spent.statusCode()).isEqualTo(403);
        assertThat(spent.body()).contains("budget exhausted");
      }
      // Restarted on the same file: the log's chain resumes and max_invocations stays spent.
      StringWriter err2 = new StringWriter();
      try (ProtectServer s = start(api, err2)) {
        HttpResponse<String> again = post(s, "/orders/ord-44/refund", cap);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(403);
        assertThat(again.body()).contains("budget exhausted").contains("max_invocations 1 reached");
        answered.add(receiptId(again));
      }
    }

    // 2 (read) + 1 (denied) + 2 (refund) + 1 (spent) + 1 (after restart)
    Cli list = db("receipt", "list", "--tool-server", "orders-api");
    assertThat(list.exit()).as(list.err()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines).hasSize(7);
    Cli refunds = db("receipt", "list", "--tool-name", "/orders/{orderId}/refund", "--outcome", "allow");
    assertThat(refunds.out().lines()).hasSize(2);

    Cli whole = db("receipt", "verify", "--db", "--kernel-key", KEY_HEX);
    assertThat(whole.exit()).as(whole.out() + whole.err()).isZero();
    JsonNode report = Json.parse(whole.out());
    assertThat(report.get("ok").asBoolean()).isTrue();
    assertThat(report.get("receipts").asLong()).isEqualTo(7);
    assertThat(report.get("checkpoints").asLong()).isGreaterThanOrEqualTo(2);

    for (String line : lines) {
      Path f = dir.resolve("receipt-" + Json.parse(line).get("id").asText() + ".json");
      Files.writeString(f, line);
      Cli one = Cli.run("receipt", "verify", "--receipt", f.toString(), "--kernel-key", KEY_HEX);
      assertThat(one.exit()).as(one.out() + one.err()).isZero();
      assertThat(Json.parse(one.out()).get("ok").asBoolean()).isTrue();
    }

    for (String id : answered) {
      Cli proof = db("receipt", "proof", id);
      assertThat(proof.exit()).as(proof.err()).isZero();
      assertThat(ReceiptProof.fromJson(Json.parse(proof.out())).verify(KERNEL.publicKey())).isEmpty();
    }
  }

  @Test
  void withoutAStoreReceiptsAreMemoryOnlyAndSaySo() throws Exception {
    try (SampleApi api = SampleApi.start(0)) {
      CommandLine cl = new CommandLine(new Main());
      CommandLine.ParseResult pr =
          cl.parseArgs("--authority-seed-file", seed.toString(), "api", "protect", "--upstream", api.uri().toString(), "--spec",
              spec.toString(), "--listen", "127.0.0.1:0");
      ApiProtectCommand cmd = pr.subcommand().subcommand().commandSpec().commandLine().getCommand();
      StringWriter err = new StringWriter();
      try (ProtectServer s = cmd.start(new PrintWriter(err, true))) {
        assertThat(err.toString())
            .contains("WARN no --receipt-store: receipts and budgets are kept in process memory only")
            .contains("  receipts: in-memory");
      }
    }
  }

  @Test
  void anEphemeralKeyWithAStoreSaysTheStoreIsBoundToIt() throws Exception {
    try (SampleApi api = SampleApi.start(0)) {
      CommandLine cl = new CommandLine(new Main());
      CommandLine.ParseResult pr =
          cl.parseArgs("api", "protect", "--upstream", api.uri().toString(), "--spec", spec.toString(), "--listen", "127.0.0.1:0",
              "--receipt-store", db.toString());
      ApiProtectCommand cmd = pr.subcommand().subcommand().commandSpec().commandLine().getCommand();
      StringWriter err = new StringWriter();
      try (ProtectServer s = cmd.start(new PrintWriter(err, true))) {
        assertThat(err.toString())
            .contains("WARN no --authority-seed-file")
            .contains("the --receipt-store " + db + " is bound to this key");
      }
    }
  }

  @Test
  void aStoreSignedByAnotherKeyIsRefusedAtStart() throws Exception {
    try (SampleApi api = SampleApi.start(0)) {
      try (ProtectServer s = start(api, new StringWriter())) {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(s.uri() + "/orders")).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode()).isEqualTo(200);
      }
      Files.writeString(seed, "33".repeat(32));
      Cli c =
          Cli.run("--authority-seed-file", seed.toString(), "api", "protect", "--upstream", api.uri().toString(), "--spec",
              spec.toString(), "--listen", "127.0.0.1:0", "--receipt-store", db.toString());
      assertThat(c.exit()).isEqualTo(2);
      assertThat(c.err()).contains("cannot open the receipt store").contains("--authority-seed-file");
      assertThat(c.err().lines().filter(l -> l.startsWith("chio: error")).count()).isEqualTo(1);
    }
  }
}
