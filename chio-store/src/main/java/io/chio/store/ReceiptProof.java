package io.chio.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import io.chio.core.merkle.CheckpointBody;
import io.chio.core.merkle.CheckpointVerifier;
import io.chio.core.merkle.InclusionProof;
import io.chio.core.merkle.SignedCheckpoint;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.core.receipt.VerificationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Evidence that one receipt is in the log: the receipt, the signed checkpoint of its batch, its
 * RFC 6962 audit path in that batch, and optionally the signed checkpoints that link the batch to
 * a later checkpoint (each names its predecessor's digest), so it is included in that one too.
 * Verifies offline with only the kernel public key.
 *
 * <p>JSON: {@code {"receipt_seq", "receipt": {...}, "checkpoint": {...}, "inclusion_proof": {...},
 * "later_checkpoints": [...]}} (the last omitted when empty).
 */
public record ReceiptProof(
    long receiptSeq, byte[] receiptCanonicalJson, SignedCheckpoint checkpoint, InclusionProof inclusionProof,
    List<SignedCheckpoint> laterCheckpoints) {
  private static final Set<String> FIELDS =
      Set.of("receipt_seq", "receipt", "checkpoint", "inclusion_proof", "later_checkpoints");

  public ReceiptProof {
    receiptCanonicalJson = Objects.requireNonNull(receiptCanonicalJson, "receiptCanonicalJson").clone();
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(inclusionProof, "inclusionProof");
    laterCheckpoints = List.copyOf(laterCheckpoints);
  }

  @Override
  public byte[] receiptCanonicalJson() {
    return receiptCanonicalJson.clone();
  }

  /** The checkpoint the proof ends at: the last later checkpoint, else the batch checkpoint. */
  public SignedCheckpoint anchor() {
    return laterCheckpoints.isEmpty() ? checkpoint : laterCheckpoints.get(laterCheckpoints.size() - 1);
  }

  /**
   * Checks everything against {@code kernelKey}: the receipt verifies, the checkpoints verify and
   * chain, the receipt's seq lies in the batch at the proven leaf index, and the audit path leads
   * from the receipt's bytes to the batch root. Returns the problems; empty means proven.
   */
  public List<String> verify(Ed25519PublicKey kernelKey) {
    Objects.requireNonNull(kernelKey, "kernelKey");
    List<String> problems = new ArrayList<>();
    try {
      VerificationResult rv = ReceiptVerifier.trusting(kernelKey).verify(Json.parse(receiptCanonicalJson));
      rv.problems().forEach(p -> problems.add("receipt: " + p));
      if (!rv.ok() && rv.problems().isEmpty()) {
        problems.add("receipt: does not verify");
      }
    } catch (ChioFormatException e) {
      problems.add("receipt: " + e.getMessage());
    }
    List<SignedCheckpoint> chain = new ArrayList<>();
    chain.add(checkpoint);
    chain.addAll(laterCheckpoints);
    problems.addAll(CheckpointVerifier.trusting(kernelKey).verifyChain(chain).problems());
    CheckpointBody b = checkpoint.body();
    if (receiptSeq < b.batchStartSeq() || receiptSeq > b.batchEndSeq()) {
      problems.add("receipt seq " + receiptSeq + " is outside checkpoint " + b.checkpointSeq() + "'s batch "
          + b.batchStartSeq() + ".." + b.batchEndSeq());
    } else if (inclusionProof.leafIndex() != receiptSeq - b.batchStartSeq()) {
      problems.add("inclusion proof is for leaf " + inclusionProof.leafIndex() + ", but receipt seq " + receiptSeq
          + " is leaf " + (receiptSeq - b.batchStartSeq()) + " of checkpoint " + b.checkpointSeq());
    }
    if (!b.includes(inclusionProof, receiptCanonicalJson)) {
      problems.add("inclusion proof does not lead from the receipt to checkpoint " + b.checkpointSeq() + "'s root "
          + b.merkleRoot().toWire());
    }
    return problems;
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("receipt_seq", receiptSeq);
    o.set("receipt", Json.parse(receiptCanonicalJson));
    o.set("checkpoint", checkpoint.toJson());
    o.set("inclusion_proof", inclusionProof.toJson());
    if (!laterCheckpoints.isEmpty()) {
      ArrayNode later = o.putArray("later_checkpoints");
      laterCheckpoints.forEach(c -> later.add(c.toJson()));
    }
    return o;
  }

  /** Parses the JSON form; the receipt's leaf bytes are its canonical JSON. */
  public static ReceiptProof fromJson(JsonNode json) {
    final String p = "receipt_proof";
    ObjectNode o = Fields.asObject(json, p);
    Fields.onlyKnown(o, FIELDS, p);
    List<SignedCheckpoint> later = new ArrayList<>();
    ArrayNode a = Fields.optArray(o, "later_checkpoints", p);
    if (a != null) {
      a.forEach(n -> later.add(SignedCheckpoint.fromJson(n)));
    }
    return new ReceiptProof(
        Fields.u63(o, "receipt_seq", p),
        CanonicalJson.bytes(Fields.object(o, "receipt", p)),
        SignedCheckpoint.fromJson(Fields.object(o, "checkpoint", p)),
        InclusionProof.fromJson(Fields.object(o, "inclusion_proof", p)),
        later);
  }
}
