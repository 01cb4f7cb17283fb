package io.chio.kernel.guards.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.kernel.guard.GuardResult;
import org.junit.jupiter.api.Test;

class BucketEvictionTest {
  private static VelocityGuard velocity(String config, int maxKeys) throws Exception {
    return new VelocityGuard(VelocityConfig.parse("velocity", Calls.json(config)), maxKeys);
  }

  private static GuardResult call(VelocityGuard g, String cap, long now) throws Exception {
    return Calls.eval(g, Calls.call("x", "{}", "a", null, cap, 0, null), now);
  }

  @Test
  void idleStatesAreDroppedOnlyOnceTheyAreFullAgain() throws Exception {
    VelocityGuard g = velocity("{\"max_invocations_per_window\": 10, \"window_secs\": 60}", 100_000);
    for (int i = 0; i < 1000; i++) {
      call(g, "cap-" + i, Calls.T0);
    }
    assertThat(g.trackedKeys()).isEqualTo(1000);
    g.sweep(Calls.T0 + 5_999); // one token takes 6 s to come back
    assertThat(g.trackedKeys()).isEqualTo(1000);
    g.sweep(Calls.T0 + 6_000);
    assertThat(g.trackedKeys()).isZero();
  }

  @Test
  void evictionNeverResetsAPartlyUsedBucket() throws Exception {
    VelocityGuard g = velocity("{\"max_invocations_per_window\": 3, \"window_secs\": 60}", 100_000);
    for (int i = 0; i < 3; i++) {
      assertThat(call(g, "cap", Calls.T0)).isInstanceOf(GuardResult.Allow.class);
    }
    g.sweep(Calls.T0 + 1_000);
    assertThat(g.trackedKeys()).isEqualTo(1);
    assertThat(call(g, "cap", Calls.T0 + 1_000)).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void aFullTableRefusesNewKeysUntilStatesRefill() throws Exception {
    VelocityGuard g = velocity("{\"max_invocations_per_window\": 10, \"window_secs\": 60}", 4);
    for (int i = 0; i < 4; i++) {
      assertThat(call(g, "cap-" + i, Calls.T0)).isInstanceOf(GuardResult.Allow.class);
    }
    GuardResult refused = call(g, "cap-new", Calls.T0 + 1);
    assertThat(refused).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) refused).reason()).contains("state is full");
    assertThat(call(g, "cap-0", Calls.T0 + 2)).isInstanceOf(GuardResult.Allow.class);
    // after the idle states refill, the next call sweeps them and the new key fits
    assertThat(call(g, "cap-new", Calls.T0 + 60_000)).isInstanceOf(GuardResult.Allow.class);
    assertThat(g.trackedKeys()).isLessThanOrEqualTo(4);
  }

  @Test
  void agentVelocityStateIsBoundedToo() throws Exception {
    AgentVelocityGuard g = new AgentVelocityGuard(
        VelocityConfig.parse("agent-velocity", Calls.json("{\"max_requests_per_agent\": 5, \"max_requests_per_session\": 2}")), 100_000);
    for (int i = 0; i < 500; i++) {
      Calls.eval(g, Calls.call("x", "{}", "agent-" + i, "s-" + i, "cap", 0, null), Calls.T0);
    }
    assertThat(g.trackedAgents()).isEqualTo(500);
    assertThat(g.trackedSessions()).isEqualTo(500);
    g.sweep(Calls.T0 + 30_000);
    assertThat(g.trackedAgents()).isZero();
    assertThat(g.trackedSessions()).isZero();
  }

  @Test
  void periodicSweepRunsWithoutExplicitCalls() throws Exception {
    VelocityGuard g = velocity("{\"max_invocations_per_window\": 10, \"window_secs\": 1}", 100_000);
    for (int i = 0; i < 1023; i++) {
      call(g, "cap-" + i, Calls.T0);
    }
    assertThat(g.trackedKeys()).isEqualTo(1023);
    call(g, "cap-0", Calls.T0 + 10_000); // the 1024th evaluation sweeps
    assertThat(g.trackedKeys()).isLessThanOrEqualTo(1);
  }
}
