package io.chio.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.json.Json;
import io.chio.core.merkle.CheckpointBody;
import io.chio.core.merkle.CheckpointVerifier;
import io.chio.core.merkle.MerkleTree;
import io.chio.core.merkle.SignedCheckpoint;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.core.receipt.Receipts;
import io.chio.core.receipt.VerificationResult;
import io.chio.kernel.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Walks a whole stored log with nothing but the kernel public key: every receipt (canonical
 * bytes, signature, id, and that its query columns match it), every seq (no gaps), every
 * checkpoint (parses, signature, trusted key, numbering, link to its predecessor) and every batch
 * root recomputed from the stored receipts. Reports every problem in log order, the first one
 * being where the log first breaks.
 */
public final class LogVerifier {
  /** At most this many problems are reported; the walk still covers the whole log. */
  public static final int MAX_PROBLEMS = 100;

  private static final int CHUNK = 2048;

  private final ReceiptVerifier receiptVerifier;
  private final CheckpointVerifier checkpointVerifier;
  /** Problems tagged with their position in the walk, sorted at the end. */
  private final List<Located> found = new ArrayList<>();

  private record Located(long position, LogProblem problem) {}

  private record CheckpointRow(
      long seq, long start, long end, long treeSize, String root, SignedCheckpoint parsed) {}

  private LogVerifier(Ed25519PublicKey kernelKey) {
    this.receiptVerifier = ReceiptVerifier.trusting(kernelKey);
    this.checkpointVerifier = CheckpointVerifier.trusting(kernelKey);
  }

  /**
   * Verifies the log behind {@code reader} against {@code kernelKey}. {@code progress} receives the
   * last seq checked after each chunk of receipts.
   */
  public static LogVerification verify(ReceiptLogReader reader, Ed25519PublicKey kernelKey, LongConsumer progress)
      throws StoreException {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(kernelKey, "kernelKey");
    Objects.requireNonNull(progress, "progress");
    return new LogVerifier(kernelKey).run(reader, progress);
  }

  private LogVerification run(ReceiptLogReader reader, LongConsumer progress) throws StoreException {
    List<CheckpointRow> rows = loadCheckpoints(reader.connection());
    checkChain(rows);
    List<CheckpointRow> usable = rows.stream().filter(r -> r.parsed() != null).toList();
    Walk walk = new Walk(usable);
    List<StoredReceipt> chunk = new ArrayList<>(CHUNK);
    reader.scan(1, Long.MAX_VALUE, row -> {
      chunk.add(row);
      if (chunk.size() == CHUNK) {
        walk.process(chunk);
        progress.accept(row.seq());
        chunk.clear();
      }
    });
    if (!chunk.isEmpty()) {
      walk.process(chunk);
      progress.accept(chunk.get(chunk.size() - 1).seq());
    }
    walk.finish();
    found.sort(Comparator.comparingLong(Located::position));
    List<LogProblem> problems = found.stream().limit(MAX_PROBLEMS).map(Located::problem).toList();
    long lastCheckpointed = usable.isEmpty() ? 0 : usable.get(usable.size() - 1).end();
    return new LogVerification(walk.rows, rows.size(), Math.max(0, walk.lastSeq - lastCheckpointed), problems);
  }

  private void receiptProblem(LogProblem.Kind kind, long seq, String message) {
    found.add(new Located(seq * 2, new LogProblem(kind, seq, 0, "receipt seq " + seq + ": " + message)));
  }

  private void checkpointProblem(LogProblem.Kind kind, CheckpointRow cp, String message) {
    // Met when the walk reaches the end of the batch, after that batch's receipts.
    found.add(new Located(cp.end() * 2 + 1, new LogProblem(kind, 0, cp.seq(), message)));
  }

  private static List<CheckpointRow> loadCheckpoints(Connection c) throws StoreException {
    List<CheckpointRow> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT checkpoint_seq, batch_start_seq, batch_end_seq, tree_size, merkle_root, statement_json"
                    + " FROM checkpoints ORDER BY checkpoint_seq");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SignedCheckpoint parsed;
        try {
          parsed = SignedCheckpoint.parse(rs.getBytes(6));
        } catch (ChioFormatException | IllegalArgumentException e) {
          parsed = null;
        }
        out.add(new CheckpointRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), parsed));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read checkpoints: " + e.getMessage(), e);
    }
    return out;
  }

  private void checkChain(List<CheckpointRow> rows) {
    long expected = 1;
    SignedCheckpoint previous = null;
    Set<String> reported = new LinkedHashSet<>();
    for (CheckpointRow row : rows) {
      if (row.seq() != expected) {
        checkpointProblem(LogProblem.Kind.CHECKPOINT_MISSING, row,
            "checkpoint " + expected + (row.seq() == expected + 1 ? "" : ".." + (row.seq() - 1))
                + " missing (next stored is checkpoint " + row.seq() + ")");
        previous = null;
      }
      expected = row.seq() + 1;
      SignedCheckpoint cp = row.parsed();
      if (cp == null) {
        checkpointProblem(LogProblem.Kind.CHECKPOINT_INVALID, row,
            "checkpoint " + row.seq() + ": stored statement is not a valid chio.checkpoint_statement.v1");
        previous = null;
        continue;
      }
      CheckpointBody b = cp.body();
      List<String> problems = new ArrayList<>();
      if (b.checkpointSeq() != row.seq() || b.batchStartSeq() != row.start() || b.batchEndSeq() != row.end()
          || b.treeSize() != row.treeSize() || !b.merkleRoot().toWire().equals(row.root())) {
        problems.add("checkpoint " + row.seq() + ": stored columns disagree with the signed statement");
      }
      if (previous != null) {
        problems.addAll(checkpointVerifier.verifyContinuity(previous, cp).problems());
      } else {
        checkpointVerifier.verify(cp).problems().forEach(p -> problems.add("checkpoint " + row.seq() + ": " + p));
        if (row.seq() == 1 && b.batchStartSeq() != 1) {
          problems.add("checkpoint 1: batch_start_seq is " + b.batchStartSeq() + ", the log starts at 1");
        }
        if (row.seq() == 1 && b.previousCheckpointSha256().isPresent()) {
          problems.add("checkpoint 1: names a predecessor, but it is the first checkpoint");
        }
      }
      for (String p : problems) {
        if (reported.add(p)) {
          checkpointProblem(LogProblem.Kind.CHECKPOINT_INVALID, row, p);
        }
      }
      previous = cp;
    }
  }

  /** The receipt walk: seq continuity, per-receipt checks, batch roots. */
  private final class Walk {
    private final List<CheckpointRow> checkpoints;
    private int next; // index of the checkpoint whose batch is being collected
    private MerkleTree batch = new MerkleTree();
    long rows;
    long lastSeq;

    Walk(List<CheckpointRow> checkpoints) {
      this.checkpoints = checkpoints;
    }

    void process(List<StoredReceipt> chunk) {
      // Signatures are the expensive part; check them in parallel, then walk in order.
      List<List<LogProblem>> checks = chunk.parallelStream().map(LogVerifier.this::checkReceipt).toList();
      for (int i = 0; i < chunk.size(); i++) {
        StoredReceipt r = chunk.get(i);
        rows++;
        if (r.seq() != lastSeq + 1) {
          receiptProblem(LogProblem.Kind.RECEIPT_MISSING, lastSeq + 1,
              (r.seq() == lastSeq + 2 ? "missing" : "missing, through seq " + (r.seq() - 1))
                  + " (next stored is seq " + r.seq() + ")");
        }
        lastSeq = r.seq();
        for (LogProblem p : checks.get(i)) {
          found.add(new Located(r.seq() * 2, p));
        }
        closeBatchesBefore(r.seq());
        if (next < checkpoints.size() && r.seq() >= checkpoints.get(next).start()) {
          batch.append(r.canonicalJson());
          if (r.seq() == checkpoints.get(next).end()) {
            closeBatch();
          }
        }
      }
    }

    /** Batches that should have ended before {@code seq} but were cut short by missing receipts. */
    private void closeBatchesBefore(long seq) {
      while (next < checkpoints.size() && checkpoints.get(next).end() < seq) {
        closeBatch();
      }
    }

    private void closeBatch() {
      CheckpointRow cp = checkpoints.get(next++);
      CheckpointBody b = cp.parsed().body();
      if (batch.size() != b.treeSize()) {
        checkpointProblem(LogProblem.Kind.CHECKPOINT_ROOT_MISMATCH, cp,
            "checkpoint " + cp.seq() + ": covers " + b.treeSize() + " receipts (" + b.batchStartSeq() + ".."
                + b.batchEndSeq() + ") but " + batch.size() + " are stored");
      } else if (!batch.root().equals(b.merkleRoot())) {
        checkpointProblem(LogProblem.Kind.CHECKPOINT_ROOT_MISMATCH, cp,
            "checkpoint " + cp.seq() + ": root " + b.merkleRoot().toWire() + " is not the root "
                + batch.root().toWire() + " of stored receipts " + b.batchStartSeq() + ".." + b.batchEndSeq());
      }
      batch = new MerkleTree();
    }

    void finish() {
      for (long s = lastSeq + 1; next < checkpoints.size(); ) {
        CheckpointRow cp = checkpoints.get(next);
        if (s <= cp.end()) {
          receiptProblem(LogProblem.Kind.RECEIPT_MISSING, s,
              (s == cp.end() ? "missing" : "missing, through seq " + cp.end()) + " (checkpoint " + cp.seq()
                  + " covers up to seq " + cp.end() + ")");
          s = cp.end() + 1;
        }
        closeBatch();
      }
    }
  }

  /** Everything checkable from one row alone. */
  private List<LogProblem> checkReceipt(StoredReceipt r) {
    List<LogProblem> out = new ArrayList<>(1);
    long seq = r.seq();
    byte[] bytes = r.canonicalJson();
    JsonNode json;
    try {
      json = Json.parse(bytes);
    } catch (ChioFormatException | IllegalArgumentException e) {
      out.add(problem(LogProblem.Kind.RECEIPT_INVALID, seq, "stored bytes are not valid JSON (" + e.getMessage() + ")"));
      return out;
    }
    try {
      VerificationResult v;
      byte[] canonical;
      String outcome;
      String capabilityId;
      String toolName;
      String toolServer = null;
      long timestamp;
      if (Receipts.detect(json) == Receipts.Format.CHIO) {
        ChioReceipt c = ChioReceipt.fromJson(json);
        v = receiptVerifier.verify(c);
        canonical = c.canonicalBytes();
        outcome = c.decision().map(Decision::verdict).orElse(null);
        capabilityId = c.capabilityId();
        toolServer = c.toolServer();
        toolName = c.toolName();
        timestamp = c.timestamp();
      } else {
        HttpReceipt h = HttpReceipt.fromJson(json);
        v = receiptVerifier.verify(h);
        canonical = h.canonicalBytes();
        String verdict = h.verdict().verdict();
        outcome = verdict.equals("cancel") ? "cancelled" : verdict;
        capabilityId = h.capabilityId().orElse(null);
        toolName = h.routePattern();
        timestamp = h.timestamp();
      }
      if (!Arrays.equals(canonical, bytes)) {
        // The leaf is the exact signed bytes; a re-encoded copy is not the receipt that was logged.
        out.add(problem(LogProblem.Kind.RECEIPT_INVALID, seq, "stored bytes are not the receipt's canonical JSON"));
      }
      if (!v.ok()) {
        out.add(problem(LogProblem.Kind.RECEIPT_INVALID, seq,
            "receipt " + v.receiptId() + " does not verify: " + String.join("; ", v.problems())));
      }
      List<String> mismatched = new ArrayList<>();
      if (!v.receiptId().equals(r.receiptId())) {
        mismatched.add("receipt_id");
      }
      if (!v.kind().equals(r.kind())) {
        mismatched.add("kind");
      }
      if (timestamp != r.timestamp()) {
        mismatched.add("timestamp");
      }
      if (!Objects.equals(capabilityId, r.capabilityId())) {
        mismatched.add("capability_id");
      }
      if (toolServer != null && !toolServer.equals(r.toolServer())) {
        mismatched.add("tool_server");
      }
      if (!Objects.equals(toolName, r.toolName())) {
        mismatched.add("tool_name");
      }
      if (!Objects.equals(outcome, r.outcome())) {
        mismatched.add("outcome");
      }
      if (!mismatched.isEmpty()) {
        out.add(problem(LogProblem.Kind.RECEIPT_INDEX_MISMATCH, seq,
            "query columns " + String.join(", ", mismatched) + " disagree with the signed receipt"));
      }
    } catch (ChioFormatException | IllegalArgumentException e) {
      out.add(problem(LogProblem.Kind.RECEIPT_INVALID, seq, "not a well-formed receipt (" + e.getMessage() + ")"));
    }
    return out;
  }

  private static LogProblem problem(LogProblem.Kind kind, long seq, String message) {
    return new LogProblem(kind, seq, 0, "receipt seq " + seq + ": " + message);
  }
}
