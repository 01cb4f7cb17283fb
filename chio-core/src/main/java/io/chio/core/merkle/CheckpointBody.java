package io.chio.core.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The signed statement of a kernel checkpoint ({@code chio.checkpoint_statement.v1}): the Merkle
 * root over one batch of receipts, receipts {@code batch_start_seq..batch_end_seq} in log order,
 * so {@code tree_size = batch_end_seq - batch_start_seq + 1}. Checkpoints chain through {@code
 * previous_checkpoint_sha256 = sha256_hex(canonical(previous body))}. Immutable.
 */
public final class CheckpointBody {
  public static final String SCHEMA = "chio.checkpoint_statement.v1";

  private static final Set<String> FIELDS =
      Set.of(
          "schema", "checkpoint_seq", "batch_start_seq", "batch_end_seq", "tree_size", "merkle_root", "issued_at",
          "kernel_key", "previous_checkpoint_sha256");

  private final long checkpointSeq;
  private final long batchStartSeq;
  private final long batchEndSeq;
  private final long treeSize;
  private final MerkleHash merkleRoot;
  private final long issuedAt;
  private final Ed25519PublicKey kernelKey;
  private final String previousCheckpointSha256;
  private final byte[] canonical;

  private CheckpointBody(
      long checkpointSeq,
      long batchStartSeq,
      long batchEndSeq,
      long treeSize,
      MerkleHash merkleRoot,
      long issuedAt,
      Ed25519PublicKey kernelKey,
      String previousCheckpointSha256) {
    this.checkpointSeq = checkpointSeq;
    this.batchStartSeq = batchStartSeq;
    this.batchEndSeq = batchEndSeq;
    this.treeSize = treeSize;
    this.merkleRoot = merkleRoot;
    this.issuedAt = issuedAt;
    this.kernelKey = kernelKey;
    this.previousCheckpointSha256 = previousCheckpointSha256;
    this.canonical = CanonicalJson.bytes(buildJson());
  }

  /**
   * A statement with the given values, checked only for shape (non-negative numbers, a 64-hex
   * predecessor digest). {@link #problems()} reports semantic errors; signing refuses them.
   */
  public static CheckpointBody of(
      long checkpointSeq,
      long batchStartSeq,
      long batchEndSeq,
      long treeSize,
      MerkleHash merkleRoot,
      long issuedAt,
      Ed25519PublicKey kernelKey,
      String previousCheckpointSha256) {
    Objects.requireNonNull(merkleRoot, "merkleRoot");
    Objects.requireNonNull(kernelKey, "kernelKey");
    for (long v : new long[] {checkpointSeq, batchStartSeq, batchEndSeq, treeSize, issuedAt}) {
      if (v < 0) {
        throw new IllegalArgumentException("checkpoint numbers must not be negative: " + v);
      }
    }
    if (previousCheckpointSha256 != null && !isSha256Hex(previousCheckpointSha256)) {
      throw new IllegalArgumentException("previous_checkpoint_sha256 must be 64 lowercase hex characters");
    }
    return new CheckpointBody(
        checkpointSeq, batchStartSeq, batchEndSeq, treeSize, merkleRoot, issuedAt, kernelKey, previousCheckpointSha256);
  }

  /**
   * The statement committing {@code batch} (receipts {@code batchStartSeq} onward, one leaf each)
   * that follows {@code previous}, or starts a chain when {@code previous} is null.
   */
  public static CheckpointBody forBatch(
      long checkpointSeq,
      long batchStartSeq,
      MerkleTree batch,
      long issuedAt,
      Ed25519PublicKey kernelKey,
      SignedCheckpoint previous) {
    Objects.requireNonNull(batch, "batch");
    if (batch.size() == 0) {
      throw new IllegalArgumentException("a checkpoint commits at least one receipt");
    }
    return of(
        checkpointSeq,
        batchStartSeq,
        batchStartSeq + batch.size() - 1,
        batch.size(),
        batch.root(),
        issuedAt,
        kernelKey,
        previous == null ? null : previous.body().sha256Hex());
  }

  /** The next statement of a chain: sequence, batch start and predecessor digest follow {@code previous}. */
  public static CheckpointBody next(SignedCheckpoint previous, MerkleTree batch, long issuedAt) {
    Objects.requireNonNull(previous, "previous");
    CheckpointBody p = previous.body();
    return forBatch(p.checkpointSeq + 1, p.batchEndSeq + 1, batch, issuedAt, p.kernelKey, previous);
  }

  /** Semantic problems (the reference's checkpoint validation, minus the signature); empty when valid. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (checkpointSeq == 0) {
      problems.add("checkpoint_seq must be greater than zero");
    }
    if (batchStartSeq == 0) {
      problems.add("batch_start_seq must be greater than zero");
    }
    if (batchEndSeq < batchStartSeq) {
      problems.add("batch_end_seq " + batchEndSeq + " is less than batch_start_seq " + batchStartSeq);
    } else if (treeSize != batchEndSeq - batchStartSeq + 1) {
      problems.add("tree_size " + treeSize + " does not match the " + (batchEndSeq - batchStartSeq + 1)
          + " receipts of batch " + batchStartSeq + ".." + batchEndSeq);
    }
    if (treeSize == 0) {
      problems.add("tree_size must be greater than zero");
    }
    return problems;
  }

  /** True when {@code leafData} (a receipt's canonical bytes) is committed by this checkpoint. */
  public boolean includes(InclusionProof proof, byte[] leafData) {
    return proof.treeSize() == treeSize && proof.verify(leafData, merkleRoot);
  }

  /** The canonical JSON the kernel key signs. */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  byte[] canonicalShared() {
    return canonical;
  }

  /** {@code sha256_hex(canonical(body))}: what the next checkpoint cites. */
  public String sha256Hex() {
    return Sha256.hex(canonical);
  }

  public ObjectNode toJson() {
    return buildJson();
  }

  private ObjectNode buildJson() {
    ObjectNode o =
        Json.object()
            .put("schema", SCHEMA)
            .put("checkpoint_seq", checkpointSeq)
            .put("batch_start_seq", batchStartSeq)
            .put("batch_end_seq", batchEndSeq)
            .put("tree_size", treeSize)
            .put("merkle_root", merkleRoot.toWire())
            .put("issued_at", issuedAt)
            .put("kernel_key", kernelKey.toHex());
    if (previousCheckpointSha256 != null) {
      o.put("previous_checkpoint_sha256", previousCheckpointSha256);
    }
    return o;
  }

  public static CheckpointBody fromJson(JsonNode json, String path) {
    ObjectNode o = Fields.asObject(json, path);
    Fields.onlyKnown(o, FIELDS, path);
    String schema = Fields.text(o, "schema", path);
    if (!SCHEMA.equals(schema)) {
      throw new ChioFormatException(path + ".schema: unsupported checkpoint schema \"" + schema + "\" (expected " + SCHEMA + ")");
    }
    String keyHex = Fields.text(o, "kernel_key", path);
    if (!isLowerHex(keyHex, 64)) {
      throw new ChioFormatException(path + ".kernel_key: expected 64 lowercase hex characters");
    }
    String previous = Fields.optText(o, "previous_checkpoint_sha256", path);
    if (previous != null && !isSha256Hex(previous)) {
      throw new ChioFormatException(path + ".previous_checkpoint_sha256: expected 64 lowercase hex characters");
    }
    return new CheckpointBody(
        Fields.u63(o, "checkpoint_seq", path),
        Fields.u63(o, "batch_start_seq", path),
        Fields.u63(o, "batch_end_seq", path),
        Fields.u63(o, "tree_size", path),
        MerkleHash.fromWire(Fields.text(o, "merkle_root", path), path + ".merkle_root"),
        Fields.u63(o, "issued_at", path),
        Ed25519PublicKey.fromHex(keyHex, path + ".kernel_key"),
        previous);
  }

  private static boolean isSha256Hex(String s) {
    return isLowerHex(s, 64);
  }

  private static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  public long checkpointSeq() {
    return checkpointSeq;
  }

  public long batchStartSeq() {
    return batchStartSeq;
  }

  public long batchEndSeq() {
    return batchEndSeq;
  }

  public long treeSize() {
    return treeSize;
  }

  public MerkleHash merkleRoot() {
    return merkleRoot;
  }

  public long issuedAt() {
    return issuedAt;
  }

  public Ed25519PublicKey kernelKey() {
    return kernelKey;
  }

  public Optional<String> previousCheckpointSha256() {
    return Optional.ofNullable(previousCheckpointSha256);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckpointBody b && Arrays.equals(canonical, b.canonical);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonical);
  }

  @Override
  public String toString() {
    return "CheckpointBody{seq=" + checkpointSeq + ", batch=" + batchStartSeq + ".." + batchEndSeq + ", root=" + merkleRoot + "}";
  }
}
