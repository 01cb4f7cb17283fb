package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.ReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptAndMerkleCommandsTest {
  static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeedHex("07".repeat(32));
  @TempDir Path tmp;

  private Path signedReceipt(Decision decision) throws Exception {
    ChioReceipt r = new ReceiptSigner(KERNEL).sign(ReceiptDraft.mediated(decision)
        .timestamp(1_710_000_200L).capabilityId("cap-1").tool("srv-files", "read_file")
        .parameters(Json.parse("{\"path\":\"/workspace/a.md\"}")).toolOutput(Json.parse("{\"ok\":true}"))
        .policyHash("policy-v1").build());
    Path f = tmp.resolve("receipt-" + System.nanoTime() + ".json");
    Files.write(f, r.canonicalBytes());
    return f;
  }

  @Test
  void verifiesWithThePinnedKernelKeyOnly() throws Exception {
    Path f = signedReceipt(Decision.allow());
    Cli ok = Cli.run("receipt", "verify", "--receipt", f.toString(), "--kernel-key", KERNEL.publicKey().toHex());
    assertThat(ok.exit()).as(ok.err()).isZero();
    JsonNode j = Json.parse(ok.out());
    assertThat(j.get("signature_valid").asBoolean()).isTrue();
    assertThat(j.get("receipt_id_valid").asBoolean()).isTrue();
    assertThat(j.get("kind").asText()).isEqualTo("chio");
    assertThat(j.get("ok").asBoolean()).isTrue();

    Cli unpinned = Cli.run("receipt", "verify", "--receipt", f.toString());
    assertThat(unpinned.exit()).isEqualTo(1);
    assertThat(Json.parse(unpinned.out()).get("signature_valid").asBoolean()).isTrue();
    assertThat(unpinned.err()).contains("no --kernel-key");

    Cli otherKey = Cli.run("receipt", "verify", "--receipt", f.toString(), "--kernel-key", "ab".repeat(32));
    assertThat(otherKey.exit()).isEqualTo(1);
  }

  @Test
  void tamperedReceiptFailsAndGarbageIsBadInput() throws Exception {
    Path f = signedReceipt(Decision.deny("path is forbidden", "forbidden-path"));
    String text = Files.readString(f);
    Files.writeString(f, text.replace("/workspace/a.md", "/workspace/b.md"));
    Cli r = Cli.run("receipt", "verify", "--receipt", f.toString(), "--kernel-key", KERNEL.publicKey().toHex());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(Json.parse(r.out()).get("ok").asBoolean()).isFalse();

    Files.writeString(f, "{\"hello\":1}");
    Cli bad = Cli.run("receipt", "verify", "--receipt", f.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().lines().count()).isEqualTo(1);
  }

  @Test
  void merkleProveAndVerify() throws Exception {
    Path leaves = tmp.resolve("leaves.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      sb.append("{\"n\":").append(i).append(",\"tag\":\"r").append(i).append("\"}\n");
    }
    Files.writeString(leaves, sb);
    Cli prove = Cli.run("merkle", "prove", "--leaves", leaves.toString(), "--index", "5");
    assertThat(prove.exit()).as(prove.err()).isZero();
    JsonNode out = Json.parse(prove.out());
    String root = out.get("root").asText();
    assertThat(root).startsWith("0x").hasSize(66);
    assertThat(out.at("/proof/tree_size").asLong()).isEqualTo(7);

    Path proof = tmp.resolve("proof.json");
    Files.writeString(proof, prove.out());
    Path leaf = tmp.resolve("leaf.json");
    Files.writeString(leaf, "{ \"tag\": \"r5\", \"n\": 5 }", StandardCharsets.UTF_8);
    Cli ok = Cli.run("merkle", "verify", "--proof", proof.toString(), "--leaf", leaf.toString(), "--root", root);
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(Json.parse(ok.out()).get("valid").asBoolean()).isTrue();

    Files.writeString(leaf, "{\"tag\":\"r4\",\"n\":4}");
    assertThat(Cli.run("merkle", "verify", "--proof", proof.toString(), "--leaf", leaf.toString(), "--root", root).exit()).isEqualTo(1);
    assertThat(Cli.run("merkle", "prove", "--leaves", leaves.toString(), "--index", "7").exit()).isEqualTo(2);
    assertThat(Cli.run("merkle", "verify", "--proof", proof.toString(), "--leaf", leaf.toString(), "--root", "0x12").exit()).isEqualTo(2);

    Files.writeString(leaves, "{\"ok\":1}\n{broken\n");
    Cli bad = Cli.run("merkle", "prove", "--leaves", leaves.toString(), "--index", "0");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("leaves.jsonl:2:");
  }
}
