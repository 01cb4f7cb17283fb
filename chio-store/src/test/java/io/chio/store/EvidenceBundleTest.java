package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.json.Json;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceBundleTest {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void fill() throws Exception {
    db = dir.resolve("e.db");
    try (SqliteReceiptLog log = TestLogs.open(db, new ReceiptLogOptions(1024, 10, 3_600_000))) {
      for (int i = 1; i <= 45; i++) {
        log.append(TestLogs.signed("e" + i));
      }
    } // checkpoints 1..5 (10, 10, 10, 10, 5)
  }

  private byte[] export(ReceiptFilter f, EvidenceBundle.ExportSummary[] summary) throws Exception {
    StringWriter out = new StringWriter();
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      summary[0] = EvidenceBundle.export(r, f, out);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void wholeLogBundleVerifiesWithOnlyTheKernelKey() throws Exception {
    EvidenceBundle.ExportSummary[] s = new EvidenceBundle.ExportSummary[1];
    byte[] bundle = export(ReceiptFilter.ALL, s);
    assertThat(s[0]).isEqualTo(new EvidenceBundle.ExportSummary(45, 0, 1, 5));
    EvidenceBundle.Verification v = EvidenceBundle.verify(bundle, TestLogs.KERNEL.publicKey());
    assertThat(v.problems()).isEmpty();
    assertThat(v.receipts()).isEqualTo(45);
    assertThat(v.checkpoints()).isEqualTo(5);
    // Receipts are embedded as their exact signed bytes.
    String text = new String(bundle, StandardCharsets.UTF_8);
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      assertThat(text).contains(r.getBySeq(17).orElseThrow().json());
    }
  }

  @Test
  void filteredBundleCarriesOnlyTheChainFromItsFirstBatch() throws Exception {
    String cap = TestLogs.receipt("e27").capabilityId();
    EvidenceBundle.ExportSummary[] s = new EvidenceBundle.ExportSummary[1];
    byte[] bundle = export(ReceiptFilter.builder().capabilityId(cap).build(), s);
    assertThat(s[0]).isEqualTo(new EvidenceBundle.ExportSummary(1, 0, 3, 5));
    var json = Json.parseObject(bundle, "bundle");
    assertThat(json.get("filter").get("capability_id").asText()).isEqualTo(cap);
    assertThat(json.get("checkpoints")).hasSize(3);
    assertThat(EvidenceBundle.verify(bundle, TestLogs.KERNEL.publicKey()).ok()).isTrue();
  }

  @Test
  void uncheckpointedReceiptsAreLeftOutAndCounted() throws Exception {
    try (SqliteReceiptLog log = TestLogs.open(db, new ReceiptLogOptions(1024, 1_000_000, 3_600_000))) {
      log.append(TestLogs.signed("late"));
      StringWriter out = new StringWriter();
      EvidenceBundle.ExportSummary s = EvidenceBundle.export(log.reader(), ReceiptFilter.ALL, out);
      assertThat(s.receipts()).isEqualTo(45);
      assertThat(s.leftOut()).isEqualTo(1);
      assertThat(EvidenceBundle.verify(out.toString().getBytes(StandardCharsets.UTF_8), TestLogs.KERNEL.publicKey()).ok())
          .isTrue();
    }
  }

  @Test
  void emptyLogGivesAnEmptyBundle() throws Exception {
    Path empty = dir.resolve("empty.db");
    TestLogs.open(empty).close();
    StringWriter out = new StringWriter();
    try (ReceiptLogReader r = ReceiptLogReader.open(empty)) {
      assertThat(EvidenceBundle.export(r, ReceiptFilter.ALL, out)).isEqualTo(new EvidenceBundle.ExportSummary(0, 0, 0, 0));
    }
    EvidenceBundle.Verification v = EvidenceBundle.verify(out.toString().getBytes(StandardCharsets.UTF_8), TestLogs.KERNEL.publicKey());
    assertThat(v.ok()).isTrue();
    assertThat(v.receipts()).isZero();
  }

  @Test
  void wrongKeyFailsEverything() throws Exception {
    byte[] bundle = export(ReceiptFilter.ALL, new EvidenceBundle.ExportSummary[1]);
    EvidenceBundle.Verification v = EvidenceBundle.verify(bundle, TestLogs.OTHER.publicKey());
    assertThat(v.problems().get(0)).startsWith("bundle names kernel key " + TestLogs.KERNEL.publicKey().toHex());
    assertThat(v.problems()).anySatisfy(p -> assertThat(p).startsWith("receipts[0] (seq 1): ").contains("not a trusted kernel key"));
  }

  /**
   * Changes one character at a time everywhere outside the informational filter: each change is
   * either a parse error or a verification failure, never a pass.
   */
  @Test
  void everyChangedCharacterIsCaught() throws Exception {
    String cap = TestLogs.receipt("e27").capabilityId();
    byte[] bundle = export(ReceiptFilter.builder().capabilityId(cap).build(), new EvidenceBundle.ExportSummary[1]);
    String text = new String(bundle, StandardCharsets.UTF_8);
    int filterStart = text.indexOf("\"filter\":");
    int filterEnd = text.indexOf('}', filterStart) + 1;
    int checked = 0;
    for (int i = 0; i < text.length(); i++) {
      if (i >= filterStart && i < filterEnd) {
        continue;
      }
      char c = text.charAt(i);
      char replacement = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10) : (c == 'a' ? 'b' : 'a');
      String mutated = text.substring(0, i) + replacement + text.substring(i + 1);
      EvidenceBundle.Verification v = EvidenceBundle.verify(mutated.getBytes(StandardCharsets.UTF_8), TestLogs.KERNEL.publicKey());
      assertThat(v.ok()).as("change at %d (%s -> %s) passed", i, c, replacement).isFalse();
      checked++;
    }
    assertThat(checked).isGreaterThan(2000);
  }

  @Test
  void notABundleIsOneClearProblem() {
    assertThat(EvidenceBundle.verify("[]".getBytes(StandardCharsets.UTF_8), TestLogs.KERNEL.publicKey()).problems())
        .hasSize(1);
    assertThat(EvidenceBundle.verify("{\"schema\":\"x\",\"receipts\":[],\"checkpoints\":[]}".getBytes(StandardCharsets.UTF_8),
        TestLogs.KERNEL.publicKey()).problems()).containsExactly("bundle.schema: expected chio.evidence_bundle.v1, got \"x\"");
  }
}
