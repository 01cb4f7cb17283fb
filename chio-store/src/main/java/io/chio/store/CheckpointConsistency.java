package io.chio.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import io.chio.core.merkle.CheckpointVerifier;
import io.chio.core.merkle.SignedCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Proof that checkpoint B extends checkpoint A: the signed checkpoints A..B. Each commits to its
 * batch's root and names its predecessor's body digest, so B commits to every batch up to A's
 * exactly as A did; the log up to A's {@code batch_end_seq} is a prefix of the log up to B's.
 *
 * <p>JSON: {@code {"from_checkpoint_seq", "to_checkpoint_seq", "from_log_tree_size",
 * "to_log_tree_size", "checkpoints": [...]}}; log tree sizes are the cumulative receipt counts
 * ({@code batch_end_seq}).
 */
public record CheckpointConsistency(List<SignedCheckpoint> checkpoints) {
  private static final Set<String> FIELDS =
      Set.of("from_checkpoint_seq", "to_checkpoint_seq", "from_log_tree_size", "to_log_tree_size", "checkpoints");

  public CheckpointConsistency {
    checkpoints = List.copyOf(checkpoints);
    if (checkpoints.isEmpty()) {
      throw new IllegalArgumentException("a consistency proof needs at least one checkpoint");
    }
  }

  public SignedCheckpoint from() {
    return checkpoints.get(0);
  }

  public SignedCheckpoint to() {
    return checkpoints.get(checkpoints.size() - 1);
  }

  /** Problems with the chain under {@code kernelKey}; empty means B extends A. */
  public List<String> verify(Ed25519PublicKey kernelKey) {
    Objects.requireNonNull(kernelKey, "kernelKey");
    return CheckpointVerifier.trusting(kernelKey).verifyChain(checkpoints).problems();
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("from_checkpoint_seq", from().body().checkpointSeq());
    o.put("to_checkpoint_seq", to().body().checkpointSeq());
    o.put("from_log_tree_size", from().body().batchEndSeq());
    o.put("to_log_tree_size", to().body().batchEndSeq());
    ArrayNode a = o.putArray("checkpoints");
    checkpoints.forEach(c -> a.add(c.toJson()));
    return o;
  }

  /** Parses the JSON form and checks that the summary fields agree with the checkpoints. */
  public static CheckpointConsistency fromJson(JsonNode json) {
    final String p = "checkpoint_consistency";
    ObjectNode o = Fields.asObject(json, p);
    Fields.onlyKnown(o, FIELDS, p);
    List<SignedCheckpoint> list = new ArrayList<>();
    Fields.array(o, "checkpoints", p).forEach(n -> list.add(SignedCheckpoint.fromJson(n)));
    if (list.isEmpty()) {
      throw new io.chio.core.ChioFormatException(p + ".checkpoints: must not be empty");
    }
    CheckpointConsistency c = new CheckpointConsistency(list);
    if (Fields.u63(o, "from_checkpoint_seq", p) != c.from().body().checkpointSeq()
        || Fields.u63(o, "to_checkpoint_seq", p) != c.to().body().checkpointSeq()
        || Fields.u63(o, "from_log_tree_size", p) != c.from().body().batchEndSeq()
        || Fields.u63(o, "to_log_tree_size", p) != c.to().body().batchEndSeq()) {
      throw new io.chio.core.ChioFormatException(p + ": summary fields disagree with the checkpoints listed");
    }
    return c;
  }
}
