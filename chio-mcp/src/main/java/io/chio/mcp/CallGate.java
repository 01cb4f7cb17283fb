package io.chio.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Where the relay asks for every decision. The relay itself decides nothing: {@link KernelGate}
 * puts each call through {@code io.chio.kernel.Kernel}, which signs and stores the receipts.
 * Implementations are thread-safe.
 */
public interface CallGate {
  /** Whether {@code tools/list} shows a tool of this name (the active capability could allow it). */
  boolean lists(String toolName);

  /** Decides one {@code tools/call} before it may reach the server. Never throws for call content. */
  Admission admit(Call call);

  /** Finishes an admitted call with what happened at the server; exactly once per admission. */
  Settlement settle(Admission.Allowed admitted, Outcome outcome);

  /**
   * One {@code tools/call} as the agent sent it.
   *
   * @param requestId relay-assigned id, unique per call
   * @param toolName the tool
   * @param arguments the arguments ({@code {}} when the call has none)
   * @param annotations the server's annotations for the tool ({@code readOnlyHint}, ...), or null
   * @param meta the call's {@code params._meta} (progress token, an optional presented capability), or null
   */
  record Call(String requestId, String toolName, ObjectNode arguments, JsonNode annotations, JsonNode meta) {
    public Call {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(arguments, "arguments");
    }
  }

  /** The verdict on a call, with the id of the signed receipt that records it. */
  sealed interface Admission {
    String receiptId();

    /** Dispatch the call, then report with {@link #settle}; {@code ticket} is the gate's own state. */
    record Allowed(String receiptId, Object ticket) implements Admission {
      public Allowed {
        Objects.requireNonNull(receiptId, "receiptId");
      }
    }

    record Denied(String reason, String guard, String code, String receiptId) implements Admission {
      public Denied {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(receiptId, "receiptId");
      }
    }

    /** A human must approve first; the call does not run now. */
    record PendingApproval(String approvalId, String reason, String receiptId) implements Admission {
      public PendingApproval {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(receiptId, "receiptId");
      }
    }
  }

  /** What became of an admitted call. */
  sealed interface Outcome {
    /** The server answered; {@code result} is the JSON-RPC result object (content, isError, ...). */
    record Returned(JsonNode result) implements Outcome {
      public Returned {
        Objects.requireNonNull(result, "result");
      }
    }

    /** The server answered with a JSON-RPC error or died before answering. */
    record Failed(String reason) implements Outcome {}

    record Cancelled(String reason) implements Outcome {}

    record TimedOut(String reason) implements Outcome {}
  }

  /**
   * The end of an admitted call: the final receipt, and what the agent may see. When {@code
   * delivered} is false, {@code reason} says why the output is withheld.
   */
  record Settlement(String receiptId, boolean delivered, JsonNode output, String reason) {
    public Settlement {
      Objects.requireNonNull(receiptId, "receiptId");
    }
  }
}
