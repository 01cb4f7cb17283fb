package io.chio.kernel.guards.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.json.Json;
import io.chio.kernel.guard.GuardCatalog;
import io.chio.kernel.guard.GuardConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad configs refuse to compile with a message naming the guard and key; good ones compile. */
class FilesystemGuardConfigTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiterString = " | ", value = {
      "forbidden-path | {\"pattern\": []} | unknown config key \"pattern\"",
      "forbidden-path | {\"patterns\": \"**/.ssh\"} | forbidden-path.patterns: expected an array of strings",
      "forbidden-path | {\"patterns\": [\"ok/**\", 3]} | forbidden-path.patterns[1]: expected a string",
      "forbidden-path | {\"exceptions\": [\"a[\"]} | forbidden-path.exceptions[0]: unclosed '['",
      "forbidden-path | {\"enabled\": \"yes\"} | forbidden-path.enabled: expected a boolean",
      "path-allowlist | {\"read\": [\"{a,b\"]} | path-allowlist.read[0]",
      "path-allowlist | {\"deny\": []} | unknown config key \"deny\"",
      "shell-command | {\"forbidden_patterns\": [\"(unclosed\"]} | shell-command.forbidden_patterns[0]: invalid regex",
      "shell-command | {\"patterns\": []} | unknown config key \"patterns\"",
      "patch-integrity | {\"max_additions\": -1} | patch-integrity.max_additions: expected a non-negative integer",
      "patch-integrity | {\"max_imbalance_ratio\": 0} | patch-integrity.max_imbalance_ratio: expected a positive number",
      "patch-integrity | {\"forbidden_patterns\": [\"[\"]} | patch-integrity.forbidden_patterns[0]",
      "code-execution | {\"module_denylist\": [\"os; rm\"]} | code-execution.module_denylist[0]: not a module name",
      "code-execution | {\"max_scan_bytes\": 0} | code-execution.max_scan_bytes: must be at least 1",
      "code-execution | {\"allowed_languages\": []} | unknown config key \"allowed_languages\"",
      "code-execution | [] | code-execution: config must be an object"})
  void badConfigIsRejected(String guard, String config, String message) {
    assertThatThrownBy(() -> GuardCatalog.create(guard, Json.parse(config)))
        .isInstanceOf(GuardConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"forbidden-path", "path-allowlist", "shell-command", "patch-integrity", "code-execution"})
  void defaultsCompileAndAreRegistered(String guard) throws Exception {
    assertThat(GuardCatalog.has(guard)).isTrue();
    assertThat(GuardCatalog.create(guard, null)).isInstanceOf(io.chio.kernel.guard.Guard.class);
    assertThat(((io.chio.kernel.guard.Guard) GuardCatalog.create(guard, Json.parse("{\"enabled\": false}"))).name()).isEqualTo(guard);
  }
}
