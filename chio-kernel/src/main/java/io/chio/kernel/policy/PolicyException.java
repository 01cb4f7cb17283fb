package io.chio.kernel.policy;

import java.util.List;
import java.util.Objects;

/**
 * A policy that must not be loaded. Each problem names where it is ({@code file:line:column}) and
 * what to fix. A policy that fails to load is never replaced by a permissive default.
 */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  /** One problem; {@code where} is {@code file:line:column}, or just {@code file} when no position is known. */
  public record Problem(String where, String message) {
    public Problem {
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return where + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  public PolicyException(List<Problem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public PolicyException(String where, String message) {
    this(List.of(new Problem(where, message)));
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one problem");
    }
    StringBuilder sb = new StringBuilder();
    for (Problem p : problems) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(p);
    }
    return sb.toString();
  }
}
