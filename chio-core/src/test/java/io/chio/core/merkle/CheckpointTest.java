package io.chio.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.ReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  private static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeedHex("11".repeat(32));
  private static final Ed25519SigningKey OTHER = Ed25519SigningKey.fromSeedHex("22".repeat(32));
  private static final CheckpointVerifier VERIFIER = CheckpointVerifier.trusting(KERNEL.publicKey());

  private static MerkleTree batch(String... leaves) {
    MerkleTree t = new MerkleTree();
    for (String l : leaves) {
      t.append(l.getBytes(StandardCharsets.UTF_8));
    }
    return t;
  }

  private static SignedCheckpoint first() {
    return SignedCheckpoint.sign(CheckpointBody.forBatch(1, 1, batch("r1", "r2", "r3"), 1_710_000_300L, KERNEL.publicKey(), null), KERNEL);
  }

  /** Canonical bodies, digest and signatures computed independently with Python (hashlib, cryptography). */
  @Test
  void knownAnswerChainOfTwo() {
    SignedCheckpoint one = first();
    assertThat(new String(one.body().canonicalBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"batch_end_seq\":3,\"batch_start_seq\":1,\"checkpoint_seq\":1,\"issued_at\":1710000300,"
            + "\"kernel_key\":\"d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737\","
            + "\"merkle_root\":\"0x1ca39f6bd9316d89ab17ea274f6d7e95bbb213de87b5bccdca80e2b15ff1057e\","
            + "\"schema\":\"chio.checkpoint_statement.v1\",\"tree_size\":3}");
    assertThat(one.body().sha256Hex()).isEqualTo("0e8f45bf042a85959c2c825430774113892e0de6fba0d3ed5a059f71e13c64a5");
    assertThat(one.signature().toHex())
        .isEqualTo("a6d98e1ede84978a3a288df6a6035aa041680934499f24102ae1f607c7e0cba95eded214fc0a590d2e98487815d6365c2034e1896d3b36a06a5b4e7b65d44b03");

    SignedCheckpoint two = SignedCheckpoint.sign(CheckpointBody.next(one, batch("r4", "r5"), 1_710_000_360L), KERNEL);
    assertThat(two.body().previousCheckpointSha256()).contains(one.body().sha256Hex());
    assertThat(two.body().batchStartSeq()).isEqualTo(4);
    assertThat(two.body().batchEndSeq()).isEqualTo(5);
    assertThat(two.signature().toHex())
        .isEqualTo("0978d2b7c3685465e26268be3ca994a5bc0c6a33a68701a33f6cc30fe22e6e3508ae761f4c614f5d80865867a8fd85b0577b6442303a703b9b361c967563de0e");
    assertThat(VERIFIER.verifyChain(List.of(one, two)).problems()).isEmpty();
    assertThat(VERIFIER.verifyContinuity(one, two).ok()).isTrue();
    assertThat(two.toJson().get("body").get("previous_checkpoint_sha256").textValue()).isEqualTo(one.body().sha256Hex());
    assertThat(one.toJson().get("body").has("previous_checkpoint_sha256")).isFalse();
  }

  @Test
  void brokenLinksAreReported() {
    SignedCheckpoint one = first();
    SignedCheckpoint two = SignedCheckpoint.sign(CheckpointBody.next(one, batch("r4"), 1_710_000_360L), KERNEL);
    MerkleTree b = batch("r5");
    assertBroken(one, sign(CheckpointBody.forBatch(3, 4, b, 1, KERNEL.publicKey(), one)), "checkpoint_seq does not immediately follow");
    assertBroken(one, sign(CheckpointBody.forBatch(2, 5, b, 1, KERNEL.publicKey(), one)), "batch_start_seq 5 does not follow");
    assertBroken(one, sign(CheckpointBody.forBatch(2, 4, b, 1, KERNEL.publicKey(), null)), "previous_checkpoint_sha256 is missing");
    assertBroken(one, sign(CheckpointBody.forBatch(2, 4, b, 1, KERNEL.publicKey(), two)), "is not the digest");
    SignedCheckpoint foreign = SignedCheckpoint.sign(CheckpointBody.forBatch(2, 4, b, 1, OTHER.publicKey(), one), OTHER);
    assertThat(VERIFIER.verifyContinuity(one, foreign).problems())
        .anyMatch(p -> p.contains("kernel_key differs"))
        .anyMatch(p -> p.contains("not a trusted kernel key"));
    assertThat(VERIFIER.verifyChain(List.of(two, one)).ok()).isFalse();
  }

  private static SignedCheckpoint sign(CheckpointBody body) {
    return SignedCheckpoint.sign(body, KERNEL);
  }

  private static void assertBroken(SignedCheckpoint previous, SignedCheckpoint current, String problem) {
    CheckpointCheck check = VERIFIER.verifyContinuity(previous, current);
    assertThat(check.ok()).isFalse();
    assertThat(check.problems()).anyMatch(p -> p.contains(problem));
  }

  @Test
  void signingRefusesInvalidStatements() {
    MerkleHash root = batch("a").root();
    assertThatThrownBy(() -> SignedCheckpoint.sign(CheckpointBody.of(0, 1, 1, 1, root, 0, KERNEL.publicKey(), null), KERNEL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoint_seq must be greater than zero");
    assertThatThrownBy(() -> SignedCheckpoint.sign(CheckpointBody.of(1, 1, 3, 2, root, 0, KERNEL.publicKey(), null), KERNEL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tree_size 2 does not match");
    assertThatThrownBy(() -> SignedCheckpoint.sign(CheckpointBody.of(1, 5, 4, 0, root, 0, KERNEL.publicKey(), null), KERNEL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than batch_start_seq");
    assertThatThrownBy(() -> SignedCheckpoint.sign(CheckpointBody.of(1, 1, 1, 1, root, 0, OTHER.publicKey(), null), KERNEL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signing key");
    assertThatThrownBy(() -> CheckpointBody.forBatch(1, 1, new MerkleTree(), 0, KERNEL.publicKey(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyByteFlipOfASignedCheckpointIsRejected() {
    SignedCheckpoint cp = first();
    byte[] bytes = cp.canonicalBytes();
    assertThat(SignedCheckpoint.parse(bytes)).isEqualTo(cp);
    for (int i = 0; i < bytes.length; i++) {
      byte[] t = bytes.clone();
      t[i] ^= (byte) (1 + (i * 11) % 255);
      SignedCheckpoint parsed;
      try {
        parsed = SignedCheckpoint.parse(t);
      } catch (ChioFormatException rejected) {
        continue;
      }
      assertThat(parsed.canonicalBytes()).as("byte %d parsed to a different document", i).isNotEqualTo(bytes);
      assertThat(VERIFIER.verify(parsed).ok()).as("byte %d", i).isFalse();
    }
  }

  @Test
  void malformedCheckpointsAreFormatErrors() {
    ObjectNode j = first().toJson();
    ((ObjectNode) j.get("body")).put("schema", "chio.checkpoint_statement.v2");
    assertThatThrownBy(() -> SignedCheckpoint.fromJson(j)).isInstanceOf(ChioFormatException.class).hasMessageContaining("checkpoint.body.schema");
    ObjectNode k = first().toJson();
    ((ObjectNode) k.get("body")).put("merkle_root", "ab".repeat(32));
    assertThatThrownBy(() -> SignedCheckpoint.fromJson(k)).isInstanceOf(ChioFormatException.class).hasMessageContaining("checkpoint.body.merkle_root");
    ObjectNode l = first().toJson();
    ((ObjectNode) l.get("body")).put("tree_size", "3");
    assertThatThrownBy(() -> SignedCheckpoint.fromJson(l)).isInstanceOf(ChioFormatException.class).hasMessageContaining("checkpoint.body.tree_size");
    assertThatThrownBy(() -> SignedCheckpoint.fromJson(Json.parse("{\"body\":{},\"signature\":\"00\",\"x\":1}")))
        .isInstanceOf(ChioFormatException.class).hasMessageContaining("unknown field");
  }

  /** Leaves are the canonical bytes of signed receipts; a checkpoint proves each receipt's inclusion. */
  @Test
  void checkpointCommitsSignedReceipts() {
    ReceiptSigner signer = new ReceiptSigner(KERNEL);
    List<ChioReceipt> receipts = new ArrayList<>();
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 5; i++) {
      ChioReceipt r = signer.sign(ReceiptDraft.mediated(Decision.allow()).timestamp(1_710_000_000L + i).capabilityId("cap")
          .tool("srv", "t").parameters(Json.parse("{\"i\":" + i + "}")).toolOutput(null).policyHash("p").build());
      receipts.add(r);
      tree.append(r.canonicalBytes());
    }
    SignedCheckpoint cp = SignedCheckpoint.sign(CheckpointBody.forBatch(1, 1, tree, 1_710_000_100L, KERNEL.publicKey(), null), KERNEL);
    for (int i = 0; i < receipts.size(); i++) {
      InclusionProof proof = tree.inclusionProof(i);
      assertThat(cp.body().includes(proof, receipts.get(i).canonicalBytes())).isTrue();
      assertThat(cp.body().includes(proof, receipts.get((i + 1) % 5).canonicalBytes())).isFalse();
      assertThat(cp.body().includes(InclusionProof.fromJson(proof.toJson()), receipts.get(i).canonicalBytes())).isTrue();
    }
    assertThat(cp.body().includes(tree.inclusionProof(0, 4), receipts.get(0).canonicalBytes())).isFalse();
  }
}
