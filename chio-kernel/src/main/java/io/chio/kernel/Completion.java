package io.chio.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.receipt.ChioReceipt;
import java.util.Objects;

/**
 * The end of an allowed call: the final signed receipt, and what the agent may see. When {@code
 * delivered} is false the output must not reach the agent ({@code reason} says why: a response
 * guard blocked it, the tool did not succeed, or the receipt could not be persisted).
 * {@code reasonCode} is the call's final entry in the error registry: {@code none}, {@code
 * guard:output-redacted} or {@code guard:input-redacted} when delivered, else why it was not.
 */
public record Completion(ChioReceipt receipt, boolean delivered, JsonNode output, String reason, ReasonCode reasonCode) {
  public Completion {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(reasonCode, "reasonCode");
    if (delivered && output == null) {
      throw new IllegalArgumentException("a delivered completion needs an output (JSON null is NullNode)");
    }
    output = output == null ? null : output.deepCopy();
  }

  /** A copy of the output the agent may see, or null. */
  @Override
  public JsonNode output() {
    return output == null ? null : output.deepCopy();
  }
}
