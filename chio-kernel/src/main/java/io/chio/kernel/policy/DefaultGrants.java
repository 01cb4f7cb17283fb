package io.chio.kernel.policy;

import io.chio.core.capability.Constraint;
import io.chio.core.capability.Operation;
import io.chio.core.capability.ToolGrant;
import java.util.ArrayList;
import java.util.List;

/**
 * The grants a policy issues to an agent that brings no capability of its own, derived from
 * {@code rules.tool_access}:
 *
 * <ul>
 *   <li>no {@code tool_access}, {@code enabled: false}, {@code default: allow}, or no {@code
 *       default} and an empty {@code allow} list: one {@code *} tool grant (the {@code block} list
 *       is enforced by the mcp-tool guard);
 *   <li>otherwise (block by default): one grant per {@code allow} entry. Only exact names (and
 *       {@code *}) can be grants; glob entries such as {@code read_*} yield no grant (the mcp-tool
 *       guard still honours them when a capability names the tool).
 * </ul>
 *
 * Every grant allows {@code invoke}; a {@code max_args_size} becomes a {@code max_args_size}
 * constraint; an exact tool that needs confirmation gets {@code require_approval_above 0}, and
 * with {@code human_in_loop.approve_above} the other exact tools get that threshold.
 */
final class DefaultGrants {
  private final List<String> tools;
  private final Long maxArgsSize;
  private final ApprovalSettings approvals;

  DefaultGrants(List<String> tools, Long maxArgsSize, ApprovalSettings approvals) {
    this.tools = List.copyOf(tools);
    this.maxArgsSize = maxArgsSize;
    this.approvals = approvals;
  }

  static DefaultGrants wildcard(Long maxArgsSize, ApprovalSettings approvals) {
    return new DefaultGrants(List.of("*"), maxArgsSize, approvals);
  }

  List<ToolGrant> forServer(String serverId) {
    List<ToolGrant> out = new ArrayList<>();
    for (String tool : tools) {
      List<Constraint> cs = new ArrayList<>();
      if (maxArgsSize != null) {
        cs.add(new Constraint.MaxArgsSize(maxArgsSize));
      }
      if (!tool.equals("*")) {
        if (approvals.requiresConfirmation(tool)) {
          cs.add(new Constraint.RequireApprovalAbove(0));
        } else if (approvals.approveAboveUnits() != null) {
          cs.add(new Constraint.RequireApprovalAbove(approvals.approveAboveUnits()));
        }
      }
      out.add(ToolGrant.of(serverId, tool, List.of(Operation.INVOKE)).withConstraints(cs));
    }
    return out;
  }
}
