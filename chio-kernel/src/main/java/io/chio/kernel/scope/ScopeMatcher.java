package io.chio.kernel.scope;

import io.chio.core.capability.Constraint;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scope matching (KERNEL.md section 2, step 6): a grant matches when its {@code server_id} and
 * {@code tool_name} are {@code *} or equal to the call's, its operations include {@code invoke},
 * and every constraint passes ({@link ConstraintEvaluator} documents each). Among matches the most
 * specific wins: exact server, then exact tool, then more constraints, then the earlier grant.
 * Thread-safe.
 */
public final class ScopeMatcher {
  /** Default time budget for all regex constraints of one grant over one call. */
  public static final Duration DEFAULT_REGEX_BUDGET = Duration.ofMillis(50);

  /** The grant a call is authorized under. */
  public record Match(int grantIndex, ToolGrant grant) {
    public Match {
      Objects.requireNonNull(grant, "grant");
    }

    /** The lowest {@code require_approval_above} threshold on the grant, or null. */
    public Long approvalThreshold() {
      return ConstraintEvaluator.approvalThreshold(grant.constraints());
    }
  }

  /**
   * The outcome: the winning grant, if any, and why each grant whose server and tool fitted was
   * still rejected (for receipt evidence).
   */
  public record Result(Match match, List<String> rejections) {
    public Result {
      rejections = List.copyOf(rejections);
    }

    public boolean matched() {
      return match != null;
    }
  }

  private final ConstraintEvaluator evaluator;

  public ScopeMatcher() {
    this(DEFAULT_REGEX_BUDGET);
  }

  public ScopeMatcher(Duration regexBudget) {
    this.evaluator = new ConstraintEvaluator(regexBudget.toNanos());
  }

  public Result match(Scope scope, CallView call) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(call, "call");
    List<ToolGrant> grants = scope.grants();
    Match best = null;
    int[] bestRank = null;
    List<String> rejections = new ArrayList<>();
    for (int i = 0; i < grants.size(); i++) {
      ToolGrant g = grants.get(i);
      boolean exactServer = g.serverId().equals(call.serverId());
      boolean exactTool = g.toolName().equals(call.toolName());
      if (!(exactServer || g.serverId().equals("*")) || !(exactTool || g.toolName().equals("*"))) {
        continue;
      }
      if (!g.operations().contains(Operation.INVOKE)) {
        rejections.add("grant " + i + ": does not allow invoke");
        continue;
      }
      String failed = null;
      for (Constraint c : g.constraints()) {
        failed = evaluator.check(c, call);
        if (failed != null) {
          break;
        }
      }
      if (failed != null) {
        rejections.add("grant " + i + ": " + failed);
        continue;
      }
      int[] rank = {exactServer ? 1 : 0, exactTool ? 1 : 0, g.constraints().size()};
      if (best == null || better(rank, bestRank)) {
        best = new Match(i, g);
        bestRank = rank;
      }
    }
    return new Result(best, rejections);
  }

  /** Strictly more specific; ties keep the earlier grant. */
  private static boolean better(int[] a, int[] b) {
    for (int k = 0; k < a.length; k++) {
      if (a[k] != b[k]) {
        return a[k] > b[k];
      }
    }
    return false;
  }
}
