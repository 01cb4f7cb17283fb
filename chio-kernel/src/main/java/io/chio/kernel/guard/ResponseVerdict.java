package io.chio.kernel.guard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** Outcome of inspecting a tool's output. */
public sealed interface ResponseVerdict {
  String details();

  record Pass(String details) implements ResponseVerdict {}

  /** The output with findings replaced; the agent sees {@code output} instead of the original. */
  record Redacted(JsonNode output, String details) implements ResponseVerdict {
    public Redacted {
      Objects.requireNonNull(output, "output");
    }
  }

  record Blocked(String reason, String details) implements ResponseVerdict {
    public Blocked {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
