package io.chio.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.receipt.GuardEvidence;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ResponseGuard;
import io.chio.kernel.guard.ResponseVerdict;
import io.chio.kernel.guard.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs guards in order, fail-closed. A guard that throws, returns null, or overruns its deadline
 * is an error, which denies. Guards run on the caller's thread (a thread hand-off per guard would
 * cost more than the whole pipeline); the deadline is therefore checked when the guard returns: a
 * slow guard denies, though a guard that never returns holds its call's thread.
 */
final class GuardRunner {
  /**
   * The pipeline's outcome; {@code denyGuard} non-null means denied (or errored), else {@code
   * pendingGuard} may ask for approval. {@code context} is the context the last guard saw: the
   * original one unless a guard redacted the arguments ({@code redacted}).
   */
  record PipelineResult(List<GuardEvidence> evidence, String denyGuard, String denyReason, boolean error, String pendingGuard,
      String pendingReason, GuardContext context, boolean redacted) {}

  /** A response pipeline's outcome: the output to deliver (null when blocked; {@code error} when a guard failed rather than blocked). */
  record ResponseResult(List<GuardEvidence> evidence, JsonNode output, boolean redacted, String blockGuard, String blockReason, boolean error) {}

  private GuardRunner() {}

  static PipelineResult run(List<Guard> guards, GuardContext ctx, long deadlineNanos) {
    List<GuardEvidence> evidence = new ArrayList<>(guards.size());
    String pendingGuard = null;
    String pendingReason = null;
    boolean redacted = false;
    for (Guard g : guards) {
      String name = g.name();
      GuardResult r;
      long start = System.nanoTime();
      try {
        r = g.evaluate(ctx);
      } catch (Exception | StackOverflowError e) {
        return error(evidence, name, describe(e));
      }
      long took = System.nanoTime() - start;
      if (took > deadlineNanos) {
        return error(evidence, name, "exceeded its " + millis(deadlineNanos) + " ms deadline (took " + millis(took) + " ms)");
      }
      if (r == null) {
        return error(evidence, name, "returned no result");
      }
      if (r instanceof GuardResult.Allow a) {
        evidence.add(GuardEvidence.pass(name, a.details()));
      } else if (r instanceof GuardResult.Deny d) {
        evidence.add(GuardEvidence.fail(name, d.details() == null ? d.reason() : d.details()));
        return new PipelineResult(evidence, name, "guard \"" + name + "\" denied the request: " + d.reason(), false, pendingGuard, pendingReason,
            ctx, redacted);
      } else if (r instanceof GuardResult.PendingApproval p) {
        evidence.add(GuardEvidence.fail(name, "pending approval: " + (p.details() == null ? p.reason() : p.details())));
        if (pendingGuard == null) {
          pendingGuard = name;
          pendingReason = p.reason();
        }
      } else if (r instanceof GuardResult.Redact red) {
        try {
          ctx = withArguments(ctx, red.arguments());
        } catch (MalformedArgumentException e) {
          return error(evidence, name, "redacted the arguments into a malformed call: " + e.getMessage());
        }
        evidence.add(GuardEvidence.pass(name, "redacted: " + (red.details() == null ? "arguments" : red.details())));
        redacted = true;
      } else {
        throw new IllegalStateException("unknown guard result " + r.getClass());
      }
    }
    return new PipelineResult(evidence, null, null, false, pendingGuard, pendingReason, ctx, redacted);
  }

  /** The same call with other arguments, classified afresh so that later guards see what the tool will get. */
  private static GuardContext withArguments(GuardContext ctx, ObjectNode arguments) throws MalformedArgumentException {
    ToolCall c = ctx.call();
    ToolCall redacted = new ToolCall(c.requestId(), c.serverId(), c.toolName(), c.agentId(), c.sessionId(), c.capabilityId(), c.grantIndex(),
        arguments, c.amountUnits(), c.toolAnnotations());
    return new GuardContext(redacted, ActionClassifier.classify(c.toolName(), arguments), ctx.filesystemRoots(), ctx.nowMillis());
  }

  static ResponseResult inspect(List<ResponseGuard> guards, GuardContext ctx, JsonNode output, long deadlineNanos) {
    List<GuardEvidence> evidence = new ArrayList<>(guards.size());
    JsonNode current = output;
    boolean redacted = false;
    for (ResponseGuard g : guards) {
      String name = g.name();
      ResponseVerdict v;
      long start = System.nanoTime();
      try {
        v = g.inspect(ctx, current);
      } catch (Exception | StackOverflowError e) {
        String reason = "guard \"" + name + "\" error (fail-closed): " + describe(e);
        evidence.add(GuardEvidence.fail(name, reason));
        return new ResponseResult(evidence, null, redacted, name, reason, true);
      }
      long took = System.nanoTime() - start;
      if (took > deadlineNanos || v == null) {
        String why = v == null ? "returned no result" : "exceeded its " + millis(deadlineNanos) + " ms deadline (took " + millis(took) + " ms)";
        String reason = "guard \"" + name + "\" error (fail-closed): " + why;
        evidence.add(GuardEvidence.fail(name, reason));
        return new ResponseResult(evidence, null, redacted, name, reason, true);
      }
      if (v instanceof ResponseVerdict.Pass p) {
        evidence.add(GuardEvidence.pass(name, p.details()));
      } else if (v instanceof ResponseVerdict.Redacted r) {
        evidence.add(GuardEvidence.pass(name, "redacted: " + r.details()));
        current = r.output();
        redacted = true;
      } else if (v instanceof ResponseVerdict.Blocked b) {
        evidence.add(GuardEvidence.fail(name, b.details() == null ? b.reason() : b.details()));
        return new ResponseResult(evidence, null, redacted, name, "guard \"" + name + "\" denied the response: " + b.reason(), false);
      } else {
        throw new IllegalStateException("unknown response verdict " + v.getClass());
      }
    }
    return new ResponseResult(evidence, current, redacted, null, null, false);
  }

  private static PipelineResult error(List<GuardEvidence> evidence, String name, String why) {
    String reason = "guard \"" + name + "\" error (fail-closed): " + why;
    evidence.add(GuardEvidence.fail(name, reason));
    return new PipelineResult(evidence, name, reason, true, null, null, null, false);
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
