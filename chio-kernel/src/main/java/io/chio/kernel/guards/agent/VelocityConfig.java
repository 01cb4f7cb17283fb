package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.GuardConfigException;
import java.util.Set;

/**
 * The HushSpec {@code rules.velocity} block, shared by {@code velocity} (first two limits) and
 * {@code agent-velocity} (the agent and session limits) so one block configures both. A limit that
 * is absent or null is unlimited.
 *
 * @param maxInvocationsPerWindow calls per (capability, grant) per window
 * @param maxSpendPerWindow governed-intent amount units per (capability, grant) per window
 * @param maxRequestsPerAgent calls per agent per window
 * @param maxRequestsPerSession calls per (agent, session) per window
 * @param windowSecs window length, default 60
 * @param burstFactor bucket capacity as a multiple of the per-window limit, default 1.0
 */
record VelocityConfig(
    boolean enabled,
    Long maxInvocationsPerWindow,
    Long maxSpendPerWindow,
    Long maxRequestsPerAgent,
    Long maxRequestsPerSession,
    long windowSecs,
    double burstFactor) {

  static final Set<String> KEYS = Set.of("enabled", "max_invocations_per_window", "max_spend_per_window", "max_requests_per_agent",
      "max_requests_per_session", "window_secs", "burst_factor");
  static final long DEFAULT_WINDOW_SECS = 60;
  static final double DEFAULT_BURST_FACTOR = 1.0;
  private static final long MAX_WINDOW_SECS = 366L * 24 * 3600;
  private static final long MAX_LIMIT = 1L << 53;
  private static final double MAX_BURST = 1000;

  static VelocityConfig parse(String guard, JsonNode config) throws GuardConfigException {
    ConfigReader r = ConfigReader.of(guard, config, KEYS);
    return new VelocityConfig(
        r.bool("enabled", true),
        r.optPositive("max_invocations_per_window", MAX_LIMIT),
        r.optPositive("max_spend_per_window", MAX_LIMIT),
        r.optPositive("max_requests_per_agent", MAX_LIMIT),
        r.optPositive("max_requests_per_session", MAX_LIMIT),
        r.positive("window_secs", DEFAULT_WINDOW_SECS, MAX_WINDOW_SECS),
        r.positiveNumber("burst_factor", DEFAULT_BURST_FACTOR, MAX_BURST));
  }

  /** A bucket for {@code perWindow}, or null when that limit is not set. */
  TokenBucket.Limit limit(Long perWindow) {
    return perWindow == null ? null : TokenBucket.Limit.of(perWindow, windowSecs * 1000, burstFactor);
  }
}
