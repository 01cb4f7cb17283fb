package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.ReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.ReceiptRecords;
import io.chio.store.SqliteReceiptLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** receipt list|get|proof|export|verify --db|--bundle and checkpoint list|show|consistency. */
class ReceiptLogCommandsTest {
  static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeedHex("09".repeat(32));
  static final String KEY_HEX = KERNEL.publicKey().toHex();

  @TempDir Path tmp;
  Path db;
  final List<ChioReceipt> receipts = new ArrayList<>();

  private static ChioReceipt receipt(int i) {
    Decision d = i % 3 == 0 ? Decision.deny("blocked", "forbidden-path") : Decision.allow();
    return new ReceiptSigner(KERNEL).sign(ReceiptDraft.mediated(d)
        .timestamp(1_735_689_600L + i)
        .capabilityId(i % 2 == 0 ? "cap-even" : "cap-odd")
        .tool("srv-files", "file_read")
        .parameters(Json.object().put("path", "/w/\u00e9t\u00e9-" + i + ".md"))
        .toolOutput(Json.object().put("ok", true))
        .policyHash("policy-v1")
        .build());
  }

  @BeforeEach
  void fill() throws Exception {
    db = tmp.resolve("r.db");
    try (SqliteReceiptLog log = SqliteReceiptLog.open(db, KERNEL, new ReceiptLogOptions(1024, 4, 3_600_000))) {
      for (int i = 1; i <= 10; i++) {
        ChioReceipt r = receipt(i);
        receipts.add(r);
        log.append(ReceiptRecords.of(r, "agent", (long) i * 10));
      }
    } // checkpoints 1..3 (4, 4, 2)
  }

  private Cli run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--receipt-db";
    all[1] = db.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(all);
  }

  private String line(int i) {
    return new String(receipts.get(i - 1).canonicalBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void listPrintsExactSignedBytesOldestFirstWithFiltersAndCursor() {
    Cli all = run("receipt", "list");
    assertThat(all.exit()).isZero();
    assertThat(all.out().lines()).hasSize(10).first().isEqualTo(line(1));
    assertThat(all.err()).isEmpty();

    Cli f = Cli.run("receipt", "list", "--receipt-db", db.toString(), "--capability", "cap-even", "--outcome", "deny",
        "--since", "2025-01-01T00:00:01Z", "--max-cost", "100");
    assertThat(f.out()).isEqualTo(line(6) + "\n");

    Cli p1 = run("receipt", "list", "--limit", "6");
    assertThat(p1.out().lines()).hasSize(6);
    assertThat(p1.err()).startsWith("next cursor: ");
    String cursor = p1.err().strip().substring("next cursor: ".length());
    Cli p2 = run("receipt", "list", "--limit", "6", "--cursor", cursor);
    assertThat(p2.out().lines()).hasSize(4).first().isEqualTo(line(7));
    assertThat(p2.err()).isEmpty();
  }

  @Test
  void getAndBadInput() {
    assertThat(run("receipt", "get", receipts.get(2).id()).out()).isEqualTo(line(3) + "\n");
    Cli missing = run("receipt", "get", "zzz");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no receipt with id zzz");
    assertThat(run("receipt", "list", "--outcome", "maybe").err()).contains("outcome must be one of");
    assertThat(run("receipt", "list", "--since", "yesterday").exit()).isEqualTo(2);
    assertThat(run("receipt", "list", "--cursor", "nope").err()).contains("invalid cursor");
    assertThat(Cli.run("receipt", "list").err()).contains("--receipt-db FILE is required");
    Cli none = Cli.run("--receipt-db", tmp.resolve("none.db").toString(), "receipt", "list");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("does not exist");
    assertThat(tmp.resolve("none.db")).doesNotExist();
  }

  @Test
  void proofVerifiesAndCanTargetAnEarlierCheckpoint() throws Exception {
    Cli p = run("receipt", "proof", receipts.get(1).id(), "--checkpoint", "3");
    assertThat(p.exit()).isZero();
    JsonNode j = Json.parse(p.out());
    assertThat(j.get("receipt_seq").asLong()).isEqualTo(2);
    assertThat(j.get("checkpoint").get("body").get("checkpoint_seq").asLong()).isEqualTo(1);
    assertThat(j.get("later_checkpoints")).hasSize(2);
    assertThat(io.chio.store.ReceiptProof.fromJson(j).verify(KERNEL.publicKey())).isEmpty();
    JsonNode own = Json.parse(run("receipt", "proof", receipts.get(1).id()).out());
    assertThat(own.has("later_checkpoints")).isFalse();
    assertThat(own.get("checkpoint").get("body").get("checkpoint_seq").asLong()).isEqualTo(1);
    Cli early = run("receipt", "proof", receipts.get(8).id(), "--checkpoint", "2");
    assertThat(early.exit()).isEqualTo(2);
    assertThat(early.err()).contains("first committed by checkpoint 3");
  }

  @Test
  void verifyDbPassesThenNamesTheFirstBrokenSeq() throws Exception {
    Cli ok = run("receipt", "verify", "--db", "--kernel-key", KEY_HEX);
    assertThat(ok.exit()).isZero();
    JsonNode j = Json.parse(ok.out());
    assertThat(j.get("ok").asBoolean()).isTrue();
    assertThat(j.get("receipts").asLong()).isEqualTo(10);
    assertThat(j.get("checkpoints").asLong()).isEqualTo(3);
    assertThat(ok.err()).as("no progress when stderr is not a terminal").isEmpty();

    Cli unpinned = run("receipt", "verify", "--db");
    assertThat(unpinned.exit()).isZero();
    assertThat(unpinned.err()).contains("named by the log itself");

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("DROP TRIGGER receipts_no_delete");
      st.execute("DELETE FROM receipts WHERE seq = 6");
    }
    Cli broken = run("receipt", "verify", "--db", "--kernel-key", KEY_HEX);
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.err()).startsWith("chio: log is broken: receipt seq 6: missing (next stored is seq 7)");
    JsonNode b = Json.parse(broken.out());
    assertThat(b.get("problems").get(0).get("kind").asText()).isEqualTo("receipt_missing");
    assertThat(b.get("problems").get(0).get("receipt_seq").asLong()).isEqualTo(6);
  }

  @Test
  void verifyDbWithAnotherKeyFails() {
    Cli r = run("receipt", "verify", "--db", "--kernel-key", "ab".repeat(32));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("receipt seq 1:");
  }

  @Test
  void exportThenVerifyBundleOffline() throws Exception {
    Path bundle = tmp.resolve("bundle.json");
    Cli e = run("receipt", "export", "--since", "1735689605", "--out", bundle.toString());
    assertThat(e.exit()).isZero();
    assertThat(e.err().strip()).isEqualTo("exported 6 receipts with checkpoints 2..3");
    Cli v = Cli.run("receipt", "verify", "--bundle", bundle.toString(), "--kernel-key", KEY_HEX);
    assertThat(v.exit()).isZero();
    assertThat(Json.parse(v.out()).get("receipts").asLong()).isEqualTo(6);

    Cli toStdout = run("receipt", "export", "--capability", "cap-odd");
    Path b2 = tmp.resolve("b2.json");
    Files.writeString(b2, toStdout.out(), StandardCharsets.UTF_8);
    assertThat(Cli.run("receipt", "verify", "--bundle", b2.toString(), "--kernel-key", KEY_HEX).exit()).isZero();

    String text = Files.readString(bundle, StandardCharsets.UTF_8);
    Files.writeString(bundle, text.replace("\u00e9t\u00e9-7", "\u00e9t\u00e9-8"), StandardCharsets.UTF_8);
    Cli tampered = Cli.run("receipt", "verify", "--bundle", bundle.toString(), "--kernel-key", KEY_HEX);
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.err()).startsWith("chio: bundle does not verify: receipts[2] (seq 7): ");

    Cli noKey = Cli.run("receipt", "verify", "--bundle", b2.toString());
    assertThat(noKey.exit()).isEqualTo(2);
    assertThat(noKey.err()).contains("--bundle needs --kernel-key");
    assertThat(run("receipt", "export", "--out", bundle.toString()).exit()).as("never overwrites").isEqualTo(2);
  }

  @Test
  void verifyModesAreExclusive() {
    assertThat(run("receipt", "verify").exit()).isEqualTo(2);
    assertThat(run("receipt", "verify", "--db", "--bundle", "x").exit()).isEqualTo(2);
  }

  @Test
  void checkpointListShowConsistency() throws Exception {
    Cli list = run("checkpoint", "list");
    assertThat(list.exit()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode second = Json.parse(lines.get(1));
    assertThat(second.get("body").get("batch_start_seq").asLong()).isEqualTo(5);

    Cli show = run("checkpoint", "show", "2");
    assertThat(Json.parse(show.out())).isEqualTo(second);
    assertThat(run("checkpoint", "show", "9").exit()).isEqualTo(2);

    Cli cons = run("checkpoint", "consistency", "1", "3");
    assertThat(cons.exit()).isZero();
    JsonNode c = Json.parse(cons.out());
    assertThat(c.get("from_log_tree_size").asLong()).isEqualTo(4);
    assertThat(c.get("to_log_tree_size").asLong()).isEqualTo(10);
    assertThat(c.get("checkpoints")).hasSize(3);
    assertThat(run("checkpoint", "consistency", "3", "1").exit()).isEqualTo(2);
  }
}
