package io.chio.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.ChioFormatException;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.ToolGrant;
import io.chio.core.json.CanonicalJson;
import io.chio.kernel.Completion;
import io.chio.kernel.Kernel;
import io.chio.kernel.ToolCallRequest;
import io.chio.kernel.ToolOutcome;
import io.chio.kernel.Verdict;
import java.util.Objects;

/**
 * The production {@link CallGate}: every {@code tools/call} goes through {@link Kernel#evaluate}
 * (capability, scope, budget, guards, approvals; one signed decision receipt) and every admitted
 * call through {@link Kernel#complete} (response guards such as {@code response-sanitization},
 * budget reconciliation, and the final receipt whose {@code content_hash} is the hash of the output
 * the agent sees).
 *
 * <p>The session presents one capability for every call: the token given to {@code chio mcp
 * serve}, or the policy's default grants issued to the session's agent key at start. A client may
 * present its own token instead in {@code params._meta["chio/capability"]} (the token JSON); the
 * kernel verifies it like any other, and the call's agent is its subject.
 */
public final class KernelGate implements CallGate {
  /** Where a client may present its own capability token. */
  public static final String META_CAPABILITY = "chio/capability";

  private final Kernel kernel;
  private final String serverId;
  private final CapabilityToken capability;
  private final byte[] capabilityBytes;
  private final String sessionId;

  /**
   * @param capability the session's capability; its subject is the calling agent
   * @param sessionId recorded on every call (velocity guards count per session), or null
   */
  public KernelGate(Kernel kernel, String serverId, CapabilityToken capability, String sessionId) {
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    this.serverId = Objects.requireNonNull(serverId, "serverId");
    this.capability = Objects.requireNonNull(capability, "capability");
    this.capabilityBytes = capability.canonicalBytes();
    this.sessionId = sessionId;
  }

  public String serverId() {
    return serverId;
  }

  /**
   * A tool is listed when a grant of the session's capability names this server (or {@code *})
   * and the tool (or {@code *}) and allows {@code invoke}. Constraints on arguments cannot be
   * judged without a call; the kernel judges them when the call comes.
   */
  @Override
  public boolean lists(String toolName) {
    for (ToolGrant g : capability.scope().grants()) {
      boolean server = g.serverId().equals("*") || g.serverId().equals(serverId);
      boolean tool = g.toolName().equals("*") || g.toolName().equals(toolName);
      if (server && tool && g.operations().contains(Operation.INVOKE)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Admission admit(Call call) {
    byte[] token = capabilityBytes;
    String agent = capability.subject().toHex();
    JsonNode presented = call.meta() == null ? null : call.meta().get(META_CAPABILITY);
    if (presented != null) {
      token = presentedBytes(presented);
      agent = subjectOf(token);
    }
    ToolCallRequest.Builder b = ToolCallRequest.builder(call.requestId(), serverId, call.toolName(), agent)
        .capabilityJson(token)
        .arguments(call.arguments());
    if (sessionId != null) {
      b.sessionId(sessionId);
    }
    if (call.annotations() != null) {
      b.toolAnnotations(call.annotations());
    }
    Verdict v = kernel.evaluate(b.build());
    return switch (v.kind()) {
      case ALLOW -> new Admission.Allowed(v.receipt().id(), v);
      case DENY -> {
        Verdict.Deny d = (Verdict.Deny) v;
        yield new Admission.Denied(d.reason(), d.guard(), d.code(), d.receipt().id());
      }
      case PENDING_APPROVAL -> {
        Verdict.PendingApproval p = (Verdict.PendingApproval) v;
        yield new Admission.PendingApproval(p.request().approvalId(), p.reason(), p.receipt().id());
      }
    };
  }

  @Override
  public Settlement settle(Admission.Allowed admitted, Outcome outcome) {
    if (!(admitted.ticket() instanceof Verdict.Allow allow)) {
      throw new IllegalArgumentException("not an admission of this gate");
    }
    ToolOutcome o;
    if (outcome instanceof Outcome.Returned r) {
      o = new ToolOutcome.Success(r.result(), null);
    } else if (outcome instanceof Outcome.Failed f) {
      o = new ToolOutcome.Failure(f.reason());
    } else if (outcome instanceof Outcome.Cancelled c) {
      o = new ToolOutcome.Cancelled(c.reason());
    } else if (outcome instanceof Outcome.TimedOut t) {
      o = new ToolOutcome.TimedOut(t.reason());
    } else {
      throw new IllegalStateException("unknown outcome " + outcome);
    }
    Completion c = kernel.complete(allow, o);
    return new Settlement(c.receipt().id(), c.delivered(), c.output(), c.reason());
  }

  /** A token object is canonicalized; a string is taken as the token's JSON text. */
  private static byte[] presentedBytes(JsonNode presented) {
    if (presented.isTextual()) {
      return presented.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    try {
      return CanonicalJson.bytes(presented);
    } catch (ChioFormatException e) {
      // The kernel reports a token it cannot parse as a malformed capability (a deny with a receipt).
      return presented.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static String subjectOf(byte[] token) {
    try {
      return CapabilityToken.parse(token).subject().toHex();
    } catch (ChioFormatException | IllegalArgumentException e) {
      return "unknown";
    }
  }
}
