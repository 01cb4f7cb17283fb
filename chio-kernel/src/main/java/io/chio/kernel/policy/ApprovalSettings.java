package io.chio.kernel.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a call needs a human (from {@code rules.human_in_loop} and {@code
 * rules.tool_access.require_confirmation}): tools matching a confirmation glob always do; a call
 * whose governed amount reaches {@code approveAboveUnits} does. Pending requests expire after
 * {@code timeoutSeconds}; an expired request is then denied ({@link OnTimeout#DENY}) or left for
 * the caller to resubmit ({@link OnTimeout#DEFER}); it is never allowed.
 */
public final class ApprovalSettings {
  /** Default lifetime of a pending approval request when the policy sets none. */
  public static final long DEFAULT_TIMEOUT_SECONDS = 3600;

  public enum OnTimeout {
    DENY,
    DEFER
  }

  public static final ApprovalSettings NONE = new ApprovalSettings(List.of(), null, null, DEFAULT_TIMEOUT_SECONDS, OnTimeout.DENY);

  private final List<ToolGlob> confirmTools;
  private final Long approveAboveUnits;
  private final String currency;
  private final long timeoutSeconds;
  private final OnTimeout onTimeout;

  ApprovalSettings(List<String> confirmTools, Long approveAboveUnits, String currency, long timeoutSeconds, OnTimeout onTimeout) {
    List<ToolGlob> globs = new ArrayList<>();
    for (String g : confirmTools) {
      globs.add(new ToolGlob(g));
    }
    this.confirmTools = List.copyOf(globs);
    this.approveAboveUnits = approveAboveUnits;
    this.currency = currency;
    this.timeoutSeconds = timeoutSeconds;
    this.onTimeout = Objects.requireNonNull(onTimeout, "onTimeout");
  }

  /** True when {@code toolName} always needs approval. */
  public boolean requiresConfirmation(String toolName) {
    for (ToolGlob g : confirmTools) {
      if (g.matches(toolName)) {
        return true;
      }
    }
    return false;
  }

  /** True when a call with governed amount {@code amountUnits} (null: no amount) needs approval by threshold. */
  public boolean amountNeedsApproval(Long amountUnits) {
    return approveAboveUnits != null && amountUnits != null && amountUnits >= approveAboveUnits;
  }

  public boolean requiresApproval(String toolName, Long amountUnits) {
    return requiresConfirmation(toolName) || amountNeedsApproval(amountUnits);
  }

  public List<String> confirmTools() {
    return confirmTools.stream().map(ToolGlob::toString).toList();
  }

  /** The approval threshold in minor units, or null when amounts never trigger approval. */
  public Long approveAboveUnits() {
    return approveAboveUnits;
  }

  /** Currency of {@link #approveAboveUnits()}, or null when not restricted. */
  public String currency() {
    return currency;
  }

  public long timeoutSeconds() {
    return timeoutSeconds;
  }

  public OnTimeout onTimeout() {
    return onTimeout;
  }

  @Override
  public String toString() {
    return "ApprovalSettings{confirm=" + confirmTools() + ", approveAbove=" + approveAboveUnits + ", timeout=" + timeoutSeconds + "s, onTimeout=" + onTimeout + "}";
  }
}
