package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.ResponseGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A loaded policy, compiled once: the ordered pre-invocation guard pipeline, the response guards,
 * the approval settings and the policy hash that every receipt names. Immutable and thread-safe
 * (guards are thread-safe by contract).
 */
public final class CompiledPolicy {
  private final String name;
  private final ObjectNode policy;
  private final String policyHash;
  private final List<Guard> guards;
  private final List<ResponseGuard> responseGuards;
  private final ApprovalSettings approvals;
  private final DefaultGrants defaultGrants;
  private final List<String> sources;

  CompiledPolicy(String name, ObjectNode policy, String policyHash, List<Guard> guards, List<ResponseGuard> responseGuards,
      ApprovalSettings approvals, DefaultGrants defaultGrants, List<String> sources) {
    this.name = name;
    this.policy = policy.deepCopy();
    this.policyHash = Objects.requireNonNull(policyHash, "policyHash");
    this.guards = List.copyOf(guards);
    this.responseGuards = List.copyOf(responseGuards);
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.defaultGrants = Objects.requireNonNull(defaultGrants, "defaultGrants");
    this.sources = List.copyOf(sources);
  }

  /** The policy's {@code name}, or null. */
  public String name() {
    return name;
  }

  /** {@code sha256_hex} of the canonical JSON of the merged policy ({@code extends} resolved and removed). */
  public String policyHash() {
    return policyHash;
  }

  /** The merged policy document (a copy). */
  public ObjectNode policy() {
    return policy.deepCopy();
  }

  /** Pre-invocation guards in the order the kernel runs them. */
  public List<Guard> guards() {
    return guards;
  }

  /** Post-invocation guards over tool output, in order. */
  public List<ResponseGuard> responseGuards() {
    return responseGuards;
  }

  /** Names of the pre-invocation guards then the response guards, in order. */
  public List<String> guardNames() {
    List<String> names = new ArrayList<>();
    guards.forEach(g -> names.add(g.name()));
    responseGuards.forEach(g -> names.add(g.name()));
    return names;
  }

  public ApprovalSettings approvals() {
    return approvals;
  }

  /**
   * Grants for an agent that brings no capability (see {@code docs/policy.md}), on server {@code
   * serverId} ({@code "*"} for any server).
   */
  public List<ToolGrant> defaultGrants(String serverId) {
    return defaultGrants.forServer(Objects.requireNonNull(serverId, "serverId"));
  }

  /** {@link #defaultGrants} as a scope. */
  public Scope defaultScope(String serverId) {
    return Scope.ofTools(defaultGrants(serverId));
  }

  /** The files read, the loaded file first and then each base it extends. */
  public List<String> sources() {
    return sources;
  }

  @Override
  public String toString() {
    return "CompiledPolicy{name=" + name + ", hash=" + policyHash + ", guards=" + guardNames() + "}";
  }
}
