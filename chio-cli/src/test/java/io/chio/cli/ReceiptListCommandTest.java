package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.kernel.store.ReceiptRecord;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.SqliteReceiptLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptListCommandTest {
  @TempDir Path tmp;
  Path db;

  private static ReceiptRecord rec(String id, long ts, String cap, String outcome, Long cost) {
    byte[] json = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    return new ReceiptRecord(json, id, "chio", ts, cap, "agent", "srv", "tool", outcome, cost);
  }

  @BeforeEach
  void fill() throws Exception {
    db = tmp.resolve("r.db");
    try (SqliteReceiptLog log = SqliteReceiptLog.open(db, ReceiptLogOptions.DEFAULTS)) {
      log.append(rec("a", 1735689600, "cap-1", "allow", 10L));
      log.append(rec("b", 1735689601, "cap-2", "deny", null));
      log.append(rec("c", 1735689602, "cap-1", "allow", 30L));
    }
  }

  @Test
  void listsJsonLinesOldestFirstWithFilters() {
    Cli r = Cli.run("--receipt-db", db.toString(), "receipt", "list");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
    assertThat(r.err()).isEmpty();
    Cli f = Cli.run("receipt", "list", "--receipt-db", db.toString(), "--capability", "cap-1", "--min-cost", "20",
        "--since", "2025-01-01T00:00:01Z");
    assertThat(f.out()).isEqualTo("{\"id\":\"c\"}\n");
  }

  @Test
  void pagesWithCursorOnStderr() {
    Cli p1 = Cli.run("--receipt-db", db.toString(), "receipt", "list", "--limit", "2");
    assertThat(p1.out().lines()).hasSize(2);
    assertThat(p1.err()).startsWith("next cursor: ");
    String cursor = p1.err().strip().substring("next cursor: ".length());
    Cli p2 = Cli.run("--receipt-db", db.toString(), "receipt", "list", "--limit", "2", "--cursor", cursor);
    assertThat(p2.out()).isEqualTo("{\"id\":\"c\"}\n");
    assertThat(p2.err()).isEmpty();
  }

  @Test
  void getPrintsOneReceipt() {
    Cli r = Cli.run("--receipt-db", db.toString(), "receipt", "get", "b");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("{\"id\":\"b\"}\n");
    Cli missing = Cli.run("--receipt-db", db.toString(), "receipt", "get", "zzz");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no receipt with id zzz");
  }

  @Test
  void badInputIsOneLineExitTwo() {
    assertThat(Cli.run("--receipt-db", db.toString(), "receipt", "list", "--outcome", "maybe").err())
        .contains("outcome must be one of");
    assertThat(Cli.run("--receipt-db", db.toString(), "receipt", "list", "--since", "yesterday").exit()).isEqualTo(2);
    assertThat(Cli.run("--receipt-db", db.toString(), "receipt", "list", "--cursor", "nope").err()).contains("invalid cursor");
    assertThat(Cli.run("receipt", "list").err()).contains("--receipt-db FILE is required");
    Cli missing = Cli.run("--receipt-db", tmp.resolve("none.db").toString(), "receipt", "list");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist");
    assertThat(tmp.resolve("none.db")).doesNotExist();
  }
}
