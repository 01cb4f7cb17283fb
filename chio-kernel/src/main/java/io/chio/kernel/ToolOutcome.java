package io.chio.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What happened when an allowed call was dispatched (KERNEL.md section 2, steps 10 and 11). */
public sealed interface ToolOutcome {
  /** The tool answered. {@code reportedCostUnits} null means the tool reports no cost (it is charged the hold). */
  record Success(JsonNode output, Long reportedCostUnits) implements ToolOutcome {
    public Success {
      if (reportedCostUnits != null && reportedCostUnits < 0) {
        throw new IllegalArgumentException("reportedCostUnits must be >= 0");
      }
    }
  }

  /** The tool failed; the budget hold is released. */
  record Failure(String reason) implements ToolOutcome {
    public Failure {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The call was cancelled; the budget hold is released. */
  record Cancelled(String reason) implements ToolOutcome {
    public Cancelled {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The tool did not answer in time; the budget hold is released. */
  record TimedOut(String reason) implements ToolOutcome {
    public TimedOut {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
