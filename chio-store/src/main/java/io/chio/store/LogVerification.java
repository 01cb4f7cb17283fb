package io.chio.store;

import java.util.List;
import java.util.Optional;

/**
 * Result of walking a whole log.
 *
 * @param receipts receipt rows checked
 * @param checkpoints checkpoints checked
 * @param uncheckpointed receipts after the last checkpoint (normal: the checkpointer commits them
 *     within its interval; they are verified but not yet provable)
 * @param problems everything found, in log order (capped at {@link LogVerifier#MAX_PROBLEMS})
 */
public record LogVerification(long receipts, long checkpoints, long uncheckpointed, List<LogProblem> problems) {
  public LogVerification {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** The first problem in log order. */
  public Optional<LogProblem> firstProblem() {
    return problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0));
  }
}
