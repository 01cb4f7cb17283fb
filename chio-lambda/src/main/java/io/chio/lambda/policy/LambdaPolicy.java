package io.chio.lambda.policy;

import java.util.List;
import java.util.Objects;

/**
 * A loaded {@code chio-policy.yaml} (seed 000): the mode, how transparent mode projects an event,
 * the default for tools no rule names, and the rules in file order.
 *
 * @param sourceHash sha256 hex of the RFC 8785 canonical JSON of the whole document
 */
public record LambdaPolicy(Mode mode, EvaluationFields evaluation, DefaultDecision defaultDecision, List<Rule> rules, String source,
    String sourceHash) {
  public LambdaPolicy {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(defaultDecision, "defaultDecision");
    rules = List.copyOf(rules);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceHash, "sourceHash");
  }

  public enum Mode {
    EXPLICIT,
    TRANSPARENT;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum DefaultDecision {
    DENY,
    ALLOW
  }

  /** The first rule whose tool pattern matches {@code tool}, or null. */
  public Rule match(String tool) {
    for (Rule r : rules) {
      if (r.matches(tool)) {
        return r;
      }
    }
    return null;
  }
}
