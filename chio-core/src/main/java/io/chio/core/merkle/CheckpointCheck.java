package io.chio.core.merkle;

import java.util.List;

/**
 * Outcome of a checkpoint check.
 *
 * @param ok no problems
 * @param problems one line per failed check
 */
public record CheckpointCheck(boolean ok, List<String> problems) {
  public CheckpointCheck {
    problems = List.copyOf(problems);
  }

  static CheckpointCheck of(List<String> problems) {
    return new CheckpointCheck(problems.isEmpty(), problems);
  }
}
