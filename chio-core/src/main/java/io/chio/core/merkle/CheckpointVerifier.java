package io.chio.core.merkle;

import io.chio.core.crypto.Ed25519PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Verifies checkpoints and checkpoint chains against trusted kernel keys. Thread-safe. */
public final class CheckpointVerifier {
  private final Set<Ed25519PublicKey> trusted;

  private CheckpointVerifier(Set<Ed25519PublicKey> trusted) {
    this.trusted = trusted;
  }

  public static CheckpointVerifier trusting(Collection<Ed25519PublicKey> kernelKeys) {
    return new CheckpointVerifier(Set.copyOf(Objects.requireNonNull(kernelKeys, "kernelKeys")));
  }

  public static CheckpointVerifier trusting(Ed25519PublicKey... kernelKeys) {
    return trusting(Arrays.asList(kernelKeys));
  }

  /** Body semantics, signature, trusted signer. */
  public CheckpointCheck verify(SignedCheckpoint checkpoint) {
    return CheckpointCheck.of(problems(checkpoint, ""));
  }

  private List<String> problems(SignedCheckpoint checkpoint, String prefix) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    List<String> problems = new ArrayList<>();
    checkpoint.body().problems().forEach(p -> problems.add(prefix + p));
    if (!checkpoint.signatureValid()) {
      problems.add(prefix + "signature does not verify under kernel_key " + checkpoint.body().kernelKey().toHex());
    }
    if (!trusted.contains(checkpoint.body().kernelKey())) {
      problems.add(prefix + "kernel_key " + checkpoint.body().kernelKey().toHex() + " is not a trusted kernel key");
    }
    return problems;
  }

  /**
   * Checks that {@code current} directly extends {@code previous}: next sequence number, the batch
   * starting right after the previous one, the same kernel key, and {@code
   * previous_checkpoint_sha256} present and equal to the previous body's digest. (The reference
   * tolerates a missing digest; a chain that can be cut silently is not a chain, so it is required
   * here.) Both checkpoints are verified too.
   */
  public CheckpointCheck verifyContinuity(SignedCheckpoint previous, SignedCheckpoint current) {
    List<String> problems = new ArrayList<>();
    problems.addAll(problems(previous, "checkpoint " + previous.body().checkpointSeq() + ": "));
    problems.addAll(problems(current, "checkpoint " + current.body().checkpointSeq() + ": "));
    problems.addAll(linkProblems(previous.body(), current.body()));
    return CheckpointCheck.of(problems);
  }

  /** Verifies every checkpoint and every link of a chain given oldest first. */
  public CheckpointCheck verifyChain(List<SignedCheckpoint> chain) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      SignedCheckpoint c = chain.get(i);
      problems.addAll(problems(c, "checkpoint " + c.body().checkpointSeq() + ": "));
      if (i > 0) {
        problems.addAll(linkProblems(chain.get(i - 1).body(), c.body()));
      }
    }
    return CheckpointCheck.of(problems);
  }

  private static List<String> linkProblems(CheckpointBody previous, CheckpointBody current) {
    List<String> problems = new ArrayList<>();
    String at = "checkpoint " + current.checkpointSeq() + ": ";
    if (current.checkpointSeq() != previous.checkpointSeq() + 1) {
      problems.add(at + "checkpoint_seq does not immediately follow " + previous.checkpointSeq());
    }
    if (current.batchStartSeq() != previous.batchEndSeq() + 1) {
      problems.add(at + "batch_start_seq " + current.batchStartSeq() + " does not follow batch_end_seq "
          + previous.batchEndSeq());
    }
    if (!current.kernelKey().equals(previous.kernelKey())) {
      problems.add(at + "kernel_key differs from checkpoint " + previous.checkpointSeq());
    }
    String expected = previous.sha256Hex();
    String cited = current.previousCheckpointSha256().orElse(null);
    if (cited == null) {
      problems.add(at + "previous_checkpoint_sha256 is missing (expected " + expected + ")");
    } else if (!cited.equals(expected)) {
      problems.add(at + "previous_checkpoint_sha256 " + cited + " is not the digest " + expected + " of checkpoint "
          + previous.checkpointSeq());
    }
    return problems;
  }
}
