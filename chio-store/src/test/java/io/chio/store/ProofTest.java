package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import io.chio.core.merkle.MerkleHash;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inclusion proofs against the batch checkpoint and later ones, and chain consistency proofs. */
class ProofTest {
  @TempDir Path dir;
  Path db;
  String[] ids = new String[101];

  @BeforeEach
  void fill() throws Exception {
    db = dir.resolve("p.db");
    try (SqliteReceiptLog log = TestLogs.open(db, new ReceiptLogOptions(1024, 25, 3_600_000))) {
      for (int i = 1; i <= 100; i++) {
        var r = TestLogs.signed("p" + i);
        ids[i] = r.receiptId();
        log.append(r);
      }
    } // checkpoints 1..4, 25 receipts each
  }

  @Test
  void everyReceiptIsProvenAgainstItsOwnAndEveryLaterCheckpoint() throws Exception {
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      for (int i = 1; i <= 100; i += 7) {
        long own = (i - 1) / 25 + 1;
        for (long anchor = own; anchor <= 4; anchor++) {
          ReceiptProof p = r.proof(ids[i], anchor);
          assertThat(p.checkpoint().body().checkpointSeq()).isEqualTo(own);
          assertThat(p.anchor().body().checkpointSeq()).isEqualTo(anchor);
          assertThat(p.laterCheckpoints()).hasSize((int) (anchor - own));
          assertThat(p.verify(TestLogs.KERNEL.publicKey())).as("seq %d against %d", i, anchor).isEmpty();
          ReceiptProof back = ReceiptProof.fromJson(Json.parse(Json.mapper().writeValueAsString(p.toJson())));
          assertThat(back.verify(TestLogs.KERNEL.publicKey())).isEmpty();
          assertThat(back.receiptCanonicalJson()).isEqualTo(p.receiptCanonicalJson());
        }
      }
      assertThat(r.proof(ids[30], null).anchor().body().checkpointSeq()).isEqualTo(2);
      assertThat(r.proof(ids[30], null).laterCheckpoints()).isEmpty();
    }
  }

  @Test
  void proofsRefuseWhatTheyCannotShow() throws Exception {
    try (SqliteReceiptLog log = TestLogs.open(db, new ReceiptLogOptions(1024, 1_000_000, 3_600_000))) {
      var fresh = TestLogs.signed("fresh");
      log.append(fresh);
      assertThatThrownBy(() -> log.reader().proof(fresh.receiptId(), null))
          .isInstanceOf(StoreException.class).hasMessageContaining("not in a checkpoint yet");
    }
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      assertThatThrownBy(() -> r.proof(ids[60], 2L)).isInstanceOf(StoreException.class)
          .hasMessageContaining("first committed by checkpoint 3");
      assertThatThrownBy(() -> r.proof("nope", null)).isInstanceOf(StoreException.class)
          .hasMessageContaining("no receipt with id nope");
    }
  }

  @Test
  void tamperedProofsFail() throws Exception {
    ReceiptProof p;
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      p = r.proof(ids[10], 4L);
    }
    assertThat(p.verify(TestLogs.OTHER.publicKey())).anySatisfy(s -> assertThat(s).contains("not a trusted kernel key"));

    ObjectNode j = p.toJson();
    ArrayNode path = (ArrayNode) j.get("inclusion_proof").get("audit_path");
    path.set(0, Json.mapper().getNodeFactory().textNode(MerkleHash.of(new byte[32]).toWire()));
    assertThat(ReceiptProof.fromJson(j).verify(TestLogs.KERNEL.publicKey()))
        .containsExactly("inclusion proof does not lead from the receipt to checkpoint 1's root "
            + p.checkpoint().body().merkleRoot().toWire());

    ObjectNode wrongSeq = p.toJson().put("receipt_seq", 11);
    assertThat(ReceiptProof.fromJson(wrongSeq).verify(TestLogs.KERNEL.publicKey()))
        .anySatisfy(s -> assertThat(s).contains("is leaf 10"));

    ObjectNode dropLink = p.toJson();
    ((ArrayNode) dropLink.get("later_checkpoints")).remove(1);
    assertThat(ReceiptProof.fromJson(dropLink).verify(TestLogs.KERNEL.publicKey()))
        .anySatisfy(s -> assertThat(s).contains("checkpoint 4: checkpoint_seq does not immediately follow 2"));

    ObjectNode otherReceipt = p.toJson();
    otherReceipt.set("receipt", Json.parse(TestLogs.receipt("p11").canonicalBytes()));
    assertThat(ReceiptProof.fromJson(otherReceipt).verify(TestLogs.KERNEL.publicKey()))
        .anySatisfy(s -> assertThat(s).startsWith("inclusion proof does not lead"));
  }

  @Test
  void consistencyBetweenCheckpoints() throws Exception {
    try (ReceiptLogReader r = ReceiptLogReader.open(db)) {
      for (long a = 1; a <= 4; a++) {
        for (long b = a; b <= 4; b++) {
          CheckpointConsistency c = r.consistency(a, b);
          assertThat(c.verify(TestLogs.KERNEL.publicKey())).isEmpty();
          ObjectNode j = c.toJson();
          assertThat(j.get("from_log_tree_size").asLong()).isEqualTo(a * 25);
          assertThat(j.get("to_log_tree_size").asLong()).isEqualTo(b * 25);
          assertThat(CheckpointConsistency.fromJson(j).verify(TestLogs.KERNEL.publicKey())).isEmpty();
        }
      }
      ObjectNode broken = r.consistency(1, 4).toJson();
      ((ArrayNode) broken.get("checkpoints")).remove(2);
      assertThat(CheckpointConsistency.fromJson(broken).verify(TestLogs.KERNEL.publicKey()))
          .anySatisfy(s -> assertThat(s).contains("checkpoint 4: checkpoint_seq does not immediately follow 2"));
      ObjectNode lying = r.consistency(1, 2).toJson().put("to_log_tree_size", 99);
      assertThatThrownBy(() -> CheckpointConsistency.fromJson(lying)).hasMessageContaining("summary fields disagree");
      assertThatThrownBy(() -> r.consistency(3, 2)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> r.consistency(1, 9)).isInstanceOf(StoreException.class).hasMessageContaining("not all stored");
    }
  }
}
