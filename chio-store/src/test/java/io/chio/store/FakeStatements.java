package io.chio.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.kernel.store.StoreException;

/**
 * Stand-in statements for tests of the storage mechanics (group commit, queries, tree upkeep):
 * the body plus a SHA-256 "seal" instead of a signature. Chain and tamper tests use the real
 * signed statements.
 */
final class FakeStatements implements Checkpointer.Statements {
  static final FakeStatements INSTANCE = new FakeStatements();

  @Override
  public byte[] sign(long checkpointSeq, long batchStartSeq, long batchEndSeq, long treeSize, byte[] root, long issuedAt,
      String previousSha256) {
    ObjectNode body = Json.object();
    body.put("checkpoint_seq", checkpointSeq);
    body.put("batch_start_seq", batchStartSeq);
    body.put("batch_end_seq", batchEndSeq);
    body.put("tree_size", treeSize);
    body.put("merkle_root", MerkleHex.encode(root));
    body.put("issued_at", issuedAt);
    if (previousSha256 != null) {
      body.put("previous_checkpoint_sha256", previousSha256);
    }
    ObjectNode stored = Json.object();
    stored.set("body", body);
    stored.put("seal", Sha256.hex(CanonicalJson.bytes(body)));
    return CanonicalJson.bytes(stored);
  }

  @Override
  public String bodySha256(byte[] stored) throws StoreException {
    return Sha256.hex(CanonicalJson.bytes(Json.parseObject(stored, "statement").get("body")));
  }

  @Override
  public boolean signatureValid(byte[] stored) {
    ObjectNode o = Json.parseObject(stored, "statement");
    return Sha256.hex(CanonicalJson.bytes(o.get("body"))).equals(o.get("seal").asText());
  }

  static SqliteReceiptLog open(java.nio.file.Path file) throws StoreException {
    return open(file, ReceiptLogOptions.DEFAULTS);
  }

  static SqliteReceiptLog open(java.nio.file.Path file, ReceiptLogOptions options) throws StoreException {
    return SqliteReceiptLog.open(file, INSTANCE, options, () -> 1_800_000_000L, c -> {});
  }

  static SqliteReceiptLog open(java.nio.file.Path file, Sqlite.Setup setup) throws StoreException {
    return SqliteReceiptLog.open(file, INSTANCE, ReceiptLogOptions.DEFAULTS, () -> 1_800_000_000L, setup);
  }
}
