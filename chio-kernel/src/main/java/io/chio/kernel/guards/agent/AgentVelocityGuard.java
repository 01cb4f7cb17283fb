package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ToolCall;

/**
 * {@code agent-velocity}: token buckets per agent (the caller's public key) and per (agent,
 * session), across all capabilities the agent holds.
 *
 * <p>Config: the HushSpec {@code rules.velocity} block (see {@link VelocityConfig}); this guard uses
 * {@code max_requests_per_agent} (default unlimited), {@code max_requests_per_session} (default
 * unlimited), {@code window_secs} (60) and {@code burst_factor} (1.0), and accepts but ignores the
 * per-grant limits, which belong to {@code velocity}. {@code enabled: false} allows all.
 *
 * <p>Session buckets are keyed by agent and session together, so one agent cannot drain another's
 * session by naming its session id. A call without a session id is only subject to the agent limit.
 * A call takes a token from both buckets or from neither (the agent state is locked first, then the
 * session state). State is concurrent and bounded as described in {@link BucketTable}; time is
 * {@code nowMillis} only.
 */
final class AgentVelocityGuard implements Guard {
  static final String NAME = "agent-velocity";
  private static final GuardResult DISABLED = GuardResult.allow("disabled");
  private static final GuardResult UNLIMITED = GuardResult.allow("no agent or session limits configured");
  private static final GuardResult NO_SESSION = GuardResult.allow("call has no session id; only a session limit is configured");
  private static final GuardResult WITHIN = GuardResult.allow("within agent and session limits");

  private record SessionKey(String agentId, String sessionId) {}

  private final VelocityConfig config;
  private final BucketTable<String> agents;
  private final BucketTable<SessionKey> sessions;
  private final GuardResult agentDenied;
  private final GuardResult sessionDenied;

  AgentVelocityGuard(VelocityConfig config, int maxKeys) {
    this.config = config;
    this.agents = new BucketTable<>(new TokenBucket.Limit[] {config.limit(config.maxRequestsPerAgent())}, maxKeys);
    this.sessions = new BucketTable<>(new TokenBucket.Limit[] {config.limit(config.maxRequestsPerSession())}, maxKeys);
    String window = " per " + config.windowSecs() + "s";
    this.agentDenied = GuardResult.deny("agent rate limit exceeded: " + config.maxRequestsPerAgent() + " requests" + window);
    this.sessionDenied = GuardResult.deny("session rate limit exceeded: " + config.maxRequestsPerSession() + " requests" + window);
  }

  static AgentVelocityGuard create(JsonNode config) throws GuardConfigException {
    return new AgentVelocityGuard(VelocityConfig.parse(NAME, config), BucketTable.DEFAULT_MAX_KEYS);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!config.enabled()) {
      return DISABLED;
    }
    ToolCall call = context.call();
    boolean agentLimit = config.maxRequestsPerAgent() != null;
    boolean sessionLimit = config.maxRequestsPerSession() != null && call.sessionId() != null;
    if (!agentLimit && !sessionLimit) {
      return config.maxRequestsPerSession() == null ? UNLIMITED : NO_SESSION;
    }
    long now = context.nowMillis();
    GuardResult r;
    if (agentLimit) {
      agents.maintain(now);
      if (sessionLimit) {
        sessions.maintain(now);
      }
      r = agents.withState(call.agentId(), now, a -> sessionLimit ? withSession(call, now, a.bucket(0)) : take(a.bucket(0), null));
    } else {
      sessions.maintain(now);
      r = withSession(call, now, null);
    }
    return r != null ? r : GuardResult.deny("agent-velocity state is full (" + agents.maxKeys() + " active keys); retry later");
  }

  /** Runs under the agent state's lock when {@code agent} is non-null. */
  private GuardResult withSession(ToolCall call, long now, TokenBucket agent) {
    return sessions.withState(new SessionKey(call.agentId(), call.sessionId()), now, s -> take(agent, s.bucket(0)));
  }

  private GuardResult take(TokenBucket agent, TokenBucket session) {
    if (agent != null && !agent.canTake(1)) {
      return agentDenied;
    }
    if (session != null && !session.canTake(1)) {
      return sessionDenied;
    }
    if (agent != null) {
      agent.take(1);
    }
    if (session != null) {
      session.take(1);
    }
    return WITHIN;
  }

  int trackedAgents() {
    return agents.size();
  }

  int trackedSessions() {
    return sessions.size();
  }

  void sweep(long nowMillis) {
    agents.sweep(nowMillis);
    sessions.sweep(nowMillis);
  }
}
