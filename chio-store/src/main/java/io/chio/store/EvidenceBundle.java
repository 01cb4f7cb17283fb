package io.chio.store;

import com.fasterxml.jackson.core.JsonGenerator;
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
import io.chio.core.merkle.MerkleTree;
import io.chio.core.merkle.SignedCheckpoint;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.core.receipt.VerificationResult;
import io.chio.kernel.store.StoreException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evidence bundles: the bytes that prove what happened, verifiable offline with only the kernel
 * public key. A bundle ({@code chio.evidence_bundle.v1}, this implementation's format) holds the
 * matching receipts exactly as signed, each with the RFC 6962 audit path into the signed
 * checkpoint of its batch, and the contiguous chain of signed checkpoints from the first batch
 * involved to the log's head at export time.
 *
 * <pre>{"schema": "chio.evidence_bundle.v1", "kernel_key": hex, "filter": {...},
 *  "receipts": [{"seq", "checkpoint_seq", "inclusion_proof": {...}, "receipt": {...}}, ...],
 *  "checkpoints": [{"body": {...}, "signature": hex}, ...]}</pre>
 *
 * A bundle proves that each receipt it holds was signed by the kernel and committed to the log; it
 * cannot prove that no other receipt matched the filter.
 */
public final class EvidenceBundle {
  public static final String SCHEMA = "chio.evidence_bundle.v1";

  private static final Set<String> FIELDS = Set.of("schema", "kernel_key", "filter", "receipts", "checkpoints");
  private static final Set<String> ENTRY_FIELDS = Set.of("seq", "checkpoint_seq", "inclusion_proof", "receipt");

  private EvidenceBundle() {}

  /**
   * What an export wrote.
   *
   * @param receipts receipts in the bundle
   * @param leftOut matching receipts newer than the last checkpoint, not yet provable, so not exported
   * @param firstCheckpoint first checkpoint in the bundle (0 when none)
   * @param lastCheckpoint the log head the bundle is anchored to (0 when none)
   */
  public record ExportSummary(long receipts, long leftOut, long firstCheckpoint, long lastCheckpoint) {}

  /** What offline verification found; {@code problems} empty means every receipt is proven. */
  public record Verification(long receipts, long checkpoints, List<String> problems) {
    public Verification {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Streams a bundle of the checkpointed receipts matching {@code filter} to {@code out} (JSON
   * text; write it out as UTF-8). {@code out} is flushed, not closed.
   */
  public static ExportSummary export(ReceiptLogReader reader, ReceiptFilter filter, Writer out)
      throws StoreException, IOException {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(out, "out");
    Optional<SignedCheckpoint> head = reader.latestCheckpoint();
    long provableUpTo = head.map(h -> h.body().batchEndSeq()).orElse(0L);
    long exported = 0;
    long leftOut = 0;
    long firstCheckpoint = 0;
    JsonGenerator g = Json.mapper().getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    try (g) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      if (head.isPresent()) {
        g.writeStringField("kernel_key", head.get().body().kernelKey().toHex());
      }
      g.writeFieldName("filter");
      g.writeTree(filterJson(filter));
      g.writeArrayFieldStart("receipts");
      SignedCheckpoint batchCp = null;
      MerkleTree batch = null;
      String cursor = null;
      do {
        ReceiptPage page = reader.list(filter, 1000, cursor);
        for (StoredReceipt r : page.receipts()) {
          if (r.seq() > provableUpTo) {
            leftOut++;
            continue;
          }
          if (batchCp == null || r.seq() > batchCp.body().batchEndSeq()) {
            batchCp = covering(reader, r.seq());
            CheckpointBody b = batchCp.body();
            batch = MerkleTree.of(leaves(reader, b.batchStartSeq(), b.batchEndSeq()));
            if (firstCheckpoint == 0) {
              firstCheckpoint = b.checkpointSeq();
            }
          }
          InclusionProof proof = batch.inclusionProof(r.seq() - batchCp.body().batchStartSeq());
          g.writeStartObject();
          g.writeNumberField("seq", r.seq());
          g.writeNumberField("checkpoint_seq", batchCp.body().checkpointSeq());
          g.writeFieldName("inclusion_proof");
          g.writeTree(proof.toJson());
          g.writeFieldName("receipt");
          g.writeRawValue(new String(r.canonicalJson(), StandardCharsets.UTF_8)); // the exact signed bytes
          g.writeEndObject();
          exported++;
        }
        cursor = page.nextCursor().orElse(null);
      } while (cursor != null);
      g.writeEndArray();
      g.writeArrayFieldStart("checkpoints");
      long lastCheckpoint = 0;
      if (firstCheckpoint > 0) {
        lastCheckpoint = head.get().body().checkpointSeq();
        for (SignedCheckpoint c : reader.checkpoints(firstCheckpoint, lastCheckpoint)) {
          g.writeTree(c.toJson());
        }
      }
      g.writeEndArray();
      g.writeEndObject();
      return new ExportSummary(exported, leftOut, firstCheckpoint, lastCheckpoint);
    }
  }

  private static SignedCheckpoint covering(ReceiptLogReader reader, long seq) throws StoreException {
    try {
      return Checkpoints.covering(reader.connection(), seq)
          .orElseThrow(() -> new StoreException("no checkpoint covers receipt seq " + seq));
    } catch (SQLException e) {
      throw new StoreException("cannot read checkpoints: " + e.getMessage(), e);
    }
  }

  private static List<byte[]> leaves(ReceiptLogReader reader, long from, long to) throws StoreException {
    try {
      return Checkpoints.leaves(reader.connection(), from, to);
    } catch (SQLException e) {
      throw new StoreException("cannot read receipts " + from + ".." + to + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode filterJson(ReceiptFilter f) {
    ObjectNode o = Json.object();
    putIf(o, "capability_id", f.capabilityId());
    putIf(o, "tool_server", f.toolServer());
    putIf(o, "tool_name", f.toolName());
    putIf(o, "outcome", f.outcome());
    if (f.sinceEpochSeconds() != null) {
      o.put("since", f.sinceEpochSeconds());
    }
    if (f.untilEpochSeconds() != null) {
      o.put("until", f.untilEpochSeconds());
    }
    if (f.minCostUnits() != null) {
      o.put("min_cost_units", f.minCostUnits());
    }
    if (f.maxCostUnits() != null) {
      o.put("max_cost_units", f.maxCostUnits());
    }
    return o;
  }

  private static void putIf(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  /**
   * Verifies a bundle offline: every receipt verifies under {@code kernelKey}, sits in its
   * checkpoint's batch at the proven leaf, and its audit path reaches that checkpoint's root; the
   * checkpoints verify, are signed by {@code kernelKey} and form one unbroken chain.
   */
  public static Verification verify(byte[] bundleJson, Ed25519PublicKey kernelKey) {
    Objects.requireNonNull(bundleJson, "bundleJson");
    Objects.requireNonNull(kernelKey, "kernelKey");
    List<String> problems = new ArrayList<>();
    ObjectNode o;
    ArrayNode cps;
    ArrayNode entries;
    try {
      o = Json.parseObject(bundleJson, "bundle");
      Fields.onlyKnown(o, FIELDS, "bundle");
      String schema = Fields.text(o, "schema", "bundle");
      if (!SCHEMA.equals(schema)) {
        throw new ChioFormatException("bundle.schema: expected " + SCHEMA + ", got \"" + schema + "\"");
      }
      String key = Fields.optText(o, "kernel_key", "bundle");
      if (key != null && !key.equals(kernelKey.toHex())) {
        problems.add("bundle names kernel key " + key + ", not the key it is verified with (" + kernelKey.toHex() + ")");
      }
      cps = Fields.array(o, "checkpoints", "bundle");
      entries = Fields.array(o, "receipts", "bundle");
    } catch (ChioFormatException e) {
      return new Verification(0, 0, List.of(e.getMessage()));
    }

    List<SignedCheckpoint> chain = new ArrayList<>();
    Map<Long, CheckpointBody> bySeq = new HashMap<>();
    for (int i = 0; i < cps.size(); i++) {
      try {
        SignedCheckpoint c = SignedCheckpoint.fromJson(cps.get(i));
        chain.add(c);
        bySeq.put(c.body().checkpointSeq(), c.body());
      } catch (ChioFormatException e) {
        problems.add("checkpoints[" + i + "]: " + e.getMessage());
      }
    }
    problems.addAll(CheckpointVerifier.trusting(kernelKey).verifyChain(chain).problems());

    ReceiptVerifier verifier = ReceiptVerifier.trusting(kernelKey);
    long previousSeq = 0;
    for (int i = 0; i < entries.size(); i++) {
      String at = "receipts[" + i + "]";
      try {
        ObjectNode e = Fields.asObject(entries.get(i), at);
        Fields.onlyKnown(e, ENTRY_FIELDS, at);
        long seq = Fields.u63(e, "seq", at);
        at = at + " (seq " + seq + ")";
        if (seq <= previousSeq) {
          problems.add(at + ": receipts must be in increasing seq order");
        }
        previousSeq = seq;
        long cpSeq = Fields.u63(e, "checkpoint_seq", at);
        InclusionProof proof = InclusionProof.fromJson(Fields.object(e, "inclusion_proof", at));
        ObjectNode receipt = Fields.object(e, "receipt", at);
        byte[] leaf = CanonicalJson.bytes(receipt);
        VerificationResult v = verifier.verify(receipt);
        if (!v.ok()) {
          problems.add(at + ": receipt " + v.receiptId() + " does not verify: " + String.join("; ", v.problems()));
        }
        CheckpointBody b = bySeq.get(cpSeq);
        if (b == null) {
          problems.add(at + ": checkpoint " + cpSeq + " is not in the bundle");
          continue;
        }
        if (seq < b.batchStartSeq() || seq > b.batchEndSeq()) {
          problems.add(at + ": outside checkpoint " + cpSeq + "'s batch " + b.batchStartSeq() + ".." + b.batchEndSeq());
        } else if (proof.leafIndex() != seq - b.batchStartSeq()) {
          problems.add(at + ": inclusion proof is for leaf " + proof.leafIndex() + ", not leaf "
              + (seq - b.batchStartSeq()) + " of checkpoint " + cpSeq);
        } else if (!b.includes(proof, leaf)) {
          problems.add(at + ": inclusion proof does not lead from the receipt to checkpoint " + cpSeq + "'s root "
              + b.merkleRoot().toWire());
        }
      } catch (ChioFormatException | IllegalArgumentException ex) {
        problems.add(at + ": " + ex.getMessage());
      }
    }
    return new Verification(entries.size(), chain.size(), problems);
  }
}
