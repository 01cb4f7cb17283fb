package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ToolCall;

/**
 * {@code velocity}: token buckets per (capability id, grant index) for invocations and for spend
 * (the call's governed-intent {@code amountUnits}) per window.
 *
 * <p>Config: the HushSpec {@code rules.velocity} block (see {@link VelocityConfig}); this guard uses
 * {@code max_invocations_per_window} (default unlimited), {@code max_spend_per_window} (default
 * unlimited), {@code window_secs} (60) and {@code burst_factor} (1.0), and accepts but ignores the
 * agent/session limits, which belong to {@code agent-velocity}. {@code enabled: false} allows all.
 *
 * <p>A bucket holds {@code round(limit * burst_factor)} tokens and refills {@code limit} tokens per
 * window, continuously. A call takes one invocation token and {@code amountUnits} spend tokens
 * (none when the call has no amount), both or neither: a denied call consumes nothing. A call
 * without a verified capability id is denied when a limit is set. State is per guard instance,
 * concurrent, and bounded as described in {@link BucketTable}; time is {@code nowMillis} only.
 */
final class VelocityGuard implements Guard {
  static final String NAME = "velocity";
  private static final GuardResult DISABLED = GuardResult.allow("disabled");
  private static final GuardResult UNLIMITED = GuardResult.allow("no velocity limits configured");
  private static final GuardResult WITHIN = GuardResult.allow("within velocity limits");
  private static final int INVOCATIONS = 0;
  private static final int SPEND = 1;

  private record Key(String capabilityId, int grantIndex) {}

  private final VelocityConfig config;
  private final BucketTable<Key> table;
  private final GuardResult rateDenied;
  private final String spendReason;

  VelocityGuard(VelocityConfig config, int maxKeys) {
    this.config = config;
    this.table = new BucketTable<>(
        new TokenBucket.Limit[] {config.limit(config.maxInvocationsPerWindow()), config.limit(config.maxSpendPerWindow())}, maxKeys);
    String window = " per " + config.windowSecs() + "s for this grant";
    this.rateDenied = GuardResult.deny("rate limit exceeded: " + config.maxInvocationsPerWindow() + " invocations" + window);
    this.spendReason = "spend limit exceeded: " + config.maxSpendPerWindow() + " units" + window;
  }

  static VelocityGuard create(JsonNode config) throws GuardConfigException {
    return new VelocityGuard(VelocityConfig.parse(NAME, config), BucketTable.DEFAULT_MAX_KEYS);
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
    if (config.maxInvocationsPerWindow() == null && config.maxSpendPerWindow() == null) {
      return UNLIMITED;
    }
    ToolCall call = context.call();
    if (call.capabilityId() == null) {
      return GuardResult.deny("velocity limit needs a verified capability id");
    }
    long amount = 0;
    if (config.maxSpendPerWindow() != null && call.amountUnits() != null) {
      amount = call.amountUnits();
      if (amount < 0) {
        return GuardResult.deny("negative amount " + amount + " is not a valid spend");
      }
    }
    long now = context.nowMillis();
    table.maintain(now);
    final long spend = amount;
    GuardResult r = table.withState(new Key(call.capabilityId(), call.grantIndex()), now, s -> decide(s, spend));
    if (r == null) {
      return GuardResult.deny("velocity state is full (" + table.maxKeys() + " active keys); retry later");
    }
    return r;
  }

  private GuardResult decide(RateState s, long spend) {
    TokenBucket inv = s.bucket(INVOCATIONS);
    TokenBucket money = s.bucket(SPEND);
    if (inv != null && !inv.canTake(1)) {
      return rateDenied;
    }
    if (money != null && !money.canTake(spend)) {
      return GuardResult.deny(spendReason, spendReason + " (requested " + spend + ", " + money.tokens() + " left)");
    }
    if (inv != null) {
      inv.take(1);
    }
    if (money != null) {
      money.take(spend);
    }
    return WITHIN;
  }

  int trackedKeys() {
    return table.size();
  }

  void sweep(long nowMillis) {
    table.sweep(nowMillis);
  }
}
