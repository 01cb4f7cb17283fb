package io.chio.kernel.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A guard's verdict. {@code details} becomes the receipt evidence; it must never contain a secret
 * in clear (mask it) because receipts are kept for years.
 */
public sealed interface GuardResult {
  String details();

  record Allow(String details) implements GuardResult {}

  /** {@code reason} is shown to the agent; keep it short and specific. */
  record Deny(String reason, String details) implements GuardResult {
    public Deny {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A human must approve before the call may proceed. */
  record PendingApproval(String reason, String details) implements GuardResult {
    public PendingApproval {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The call may proceed, but with {@code arguments} in place of the agent's: the guards after this
   * one, the decision receipt and the tool all see the redacted arguments, and the verdict reports
   * {@code urn:chio:error:guard:input-redacted}. {@code details} must not contain what was removed.
   */
  record Redact(ObjectNode arguments, String details) implements GuardResult {
    public Redact {
      Objects.requireNonNull(arguments, "arguments");
      arguments = arguments.deepCopy();
    }

    @Override
    public ObjectNode arguments() {
      return arguments.deepCopy();
    }
  }

  static GuardResult allow(String details) {
    return new Allow(details);
  }

  static GuardResult deny(String reason) {
    return new Deny(reason, reason);
  }

  static GuardResult deny(String reason, String details) {
    return new Deny(reason, details);
  }
}
