package io.chio.kernel.guards.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardCatalog;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AgentGuardConfigTest {
  private static final String[] GUARDS = {"computer-use", "remote-desktop-side-channel", "input-injection-capability", "memory-governance",
    "velocity", "agent-velocity"};

  @Test
  void allSixAreRegisteredAndBuildWithDefaults() throws Exception {
    for (String name : GUARDS) {
      Object g = GuardCatalog.create(name, null);
      assertThat(g).isInstanceOf(Guard.class);
      assertThat(((Guard) g).name()).isEqualTo(name);
    }
  }

  @Test
  void unknownKeysAreRejectedByName() {
    for (String name : GUARDS) {
      assertThatThrownBy(() -> GuardCatalog.create(name, Calls.json("{\"enabeld\": true}")))
          .isInstanceOf(GuardConfigException.class)
          .hasMessageContaining(name)
          .hasMessageContaining("\"enabeld\"");
    }
  }

  @Test
  void nonObjectConfigIsRejected() {
    for (String name : GUARDS) {
      assertThatThrownBy(() -> GuardCatalog.create(name, Calls.json("[1]"))).isInstanceOf(GuardConfigException.class)
          .hasMessageContaining("must be an object");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "velocity|{\"window_secs\": 0}|velocity.window_secs",
      "velocity|{\"window_secs\": \"60\"}|velocity.window_secs",
      "velocity|{\"burst_factor\": 0}|velocity.burst_factor",
      "velocity|{\"burst_factor\": -1.5}|velocity.burst_factor",
      "velocity|{\"max_invocations_per_window\": 0}|velocity.max_invocations_per_window",
      "velocity|{\"max_spend_per_window\": 1.5}|velocity.max_spend_per_window",
      "agent-velocity|{\"max_requests_per_agent\": -3}|agent-velocity.max_requests_per_agent",
      "agent-velocity|{\"enabled\": \"yes\"}|agent-velocity.enabled",
      "computer-use|{\"mode\": \"strict\"}|computer-use.mode",
      "computer-use|{\"denied_key_combos\": [\"ctrl+c ctrl+v\"]}|computer-use.denied_key_combos[0]",
      "computer-use|{\"denied_type_patterns\": [\"(unclosed\"]}|computer-use.denied_type_patterns[0]",
      "computer-use|{\"allowed_actions\": \"screenshot\"}|computer-use.allowed_actions",
      "computer-use|{\"allowed_actions\": [1]}|computer-use.allowed_actions[0]",
      "remote-desktop-side-channel|{\"clipboard\": 1}|remote-desktop-side-channel.clipboard",
      "remote-desktop-side-channel|{\"max_transfer_size_bytes\": 0}|remote-desktop-side-channel.max_transfer_size_bytes",
      "input-injection-capability|{\"protected_targets\": [\"\"]}|input-injection-capability.protected_targets[0]",
      "memory-governance|{\"write_deny_patterns\": [\"[\"]}|memory-governance.write_deny_patterns[0]",
      "memory-governance|{\"store_allowlist\": [\"\"]}|memory-governance.store_allowlist[0]",
      "memory-governance|{\"max_retention_days\": 0}|memory-governance.max_retention_days"})
  void badValuesNameTheKey(String guard, String config, String path) {
    assertThatThrownBy(() -> GuardCatalog.create(guard, Calls.json(config))).isInstanceOf(GuardConfigException.class).hasMessageContaining(path);
  }

  @Test
  void nullValuesMeanDefault() throws Exception {
    Guard g = Calls.guard("velocity", "{\"max_invocations_per_window\": null, \"window_secs\": null}");
    assertThat(Calls.eval(g, "read_file", "{\"path\":\"/a\"}").details()).isEqualTo("no velocity limits configured");
  }

  @ParameterizedTest
  @ValueSource(strings = {"computer-use", "remote-desktop-side-channel", "input-injection-capability", "memory-governance", "velocity",
      "agent-velocity"})
  void disabledAllowsEverythingWithDetailsDisabled(String name) throws Exception {
    Guard g = Calls.guard(name, "{\"enabled\": false}");
    GuardResult r = Calls.eval(g, "rdp_clipboard_read", "{\"text\": \"super+r\"}");
    assertThat(r).isEqualTo(GuardResult.allow("disabled"));
  }

  @Test
  void velocityWithoutACapabilityIdFailsClosed() throws Exception {
    Guard g = Calls.guard("velocity", "{\"max_invocations_per_window\": 5}");
    GuardResult r = Calls.eval(g, Calls.call("x", "{}", "a", null, null, -1, null), Calls.T0);
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void negativeAmountIsDenied() throws Exception {
    Guard g = Calls.guard("velocity", "{\"max_spend_per_window\": 5}");
    GuardResult r = Calls.eval(g, Calls.call("pay", "{}", "a", null, "cap", 0, -1L), Calls.T0);
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    // and it took nothing: a full budget is still there
    assertThat(Calls.eval(g, Calls.call("pay", "{}", "a", null, "cap", 0, 5L), Calls.T0)).isInstanceOf(GuardResult.Allow.class);
  }
}
