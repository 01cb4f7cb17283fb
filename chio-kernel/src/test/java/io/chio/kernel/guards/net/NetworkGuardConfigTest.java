package io.chio.kernel.guards.net;

import static io.chio.kernel.guards.net.Calls.guard;
import static io.chio.kernel.guards.net.Calls.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardCatalog;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Config handling shared by the five network guards: defaults, rejection of bad config, disabling. */
class NetworkGuardConfigTest {
  private static final String[] NAMES = {"egress-allowlist", "internal-network", "mcp-tool", "sql-query", "browser-automation"};

  @Test
  void allFiveAreRegistered() {
    assertThat(GuardCatalog.names()).contains(NAMES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"egress-allowlist", "internal-network", "mcp-tool", "sql-query", "browser-automation"})
  void unknownKeyIsRejectedByName(String name) {
    assertThatThrownBy(() -> guard(name, "{\"enabeld\": false}"))
        .isInstanceOf(GuardConfigException.class)
        .hasMessageContaining(name)
        .hasMessageContaining("\"enabeld\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"egress-allowlist", "internal-network", "mcp-tool", "sql-query", "browser-automation"})
  void nonObjectConfigIsRejected(String name) {
    assertThatThrownBy(() -> guard(name, "[1]")).isInstanceOf(GuardConfigException.class).hasMessageContaining("object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"egress-allowlist", "internal-network", "mcp-tool", "sql-query", "browser-automation"})
  void enabledMustBeBoolean(String name) {
    assertThatThrownBy(() -> guard(name, "{\"enabled\": \"no\"}")).isInstanceOf(GuardConfigException.class).hasMessageContaining(name + ".enabled");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "egress-allowlist | {\"allow\": \"*.example.com\"} | egress-allowlist.allow",
        "egress-allowlist | {\"allow\": [\"ok.com\", 3]} | egress-allowlist.allow[1]",
        "egress-allowlist | {\"block\": [\"bad host\"]} | egress-allowlist.block",
        "egress-allowlist | {\"default\": \"deny\"} | egress-allowlist.default",
        "egress-allowlist | {\"allowed_schemes\": [\"https\", \"file\"]} | can never be allowed",
        "egress-allowlist | {\"allowed_schemes\": [\"ht tp\"]} | not a URL scheme",
        "internal-network | {\"extra_blocked_cidrs\": [\"10.0.0.0/99\"]} | internal-network.extra_blocked_cidrs",
        "internal-network | {\"allow_hosts\": [\"*.exa$mple\"]} | internal-network.allow_hosts",
        "mcp-tool | {\"max_args_size\": 0} | mcp-tool.max_args_size",
        "mcp-tool | {\"max_args_size\": \"1MB\"} | mcp-tool.max_args_size",
        "mcp-tool | {\"default\": \"maybe\"} | mcp-tool.default",
        "mcp-tool | {\"block\": [\"\"]} | must not be empty",
        "sql-query | {\"allowed_operations\": [\"SELEKT\"]} | unknown operation",
        "sql-query | {\"denied_functions\": [\"pg_sleep(\"]} | not a function name",
        "sql-query | {\"table_denylist\": [\"public..users\"]} | empty name part",
        "sql-query | {\"max_query_length\": -5} | sql-query.max_query_length",
        "browser-automation | {\"extra_credential_patterns\": [\"(unclosed\"]} | invalid regex",
        "browser-automation | {\"allowed_domains\": [\"a b\"]} | browser-automation.allowed_domains",
      })
  void invalidValuesNameTheField(String name, String config, String message) {
    assertThatThrownBy(() -> guard(name, config)).isInstanceOf(GuardConfigException.class).hasMessageContaining(message);
  }

  @Test
  void disabledGuardsAllowWithDetails() throws Exception {
    assertDisabledAllows("egress-allowlist", "fetch", "{\"url\": \"http://evil.example/\"}");
    assertDisabledAllows("internal-network", "fetch", "{\"url\": \"http://169.254.169.254/\"}");
    assertDisabledAllows("mcp-tool", "shell_exec", "{\"command\": \"id\"}");
    assertDisabledAllows("sql-query", "run_sql", "{\"sql\": \"DROP TABLE users\"}");
    assertDisabledAllows("browser-automation", "browser", "{\"action\": \"evaluate\", \"url\": \"https://x.com\", \"selector\": \"#a\"}");
  }

  private static void assertDisabledAllows(String name, String tool, String args) throws Exception {
    Guard g = guard(name, "{\"enabled\": false}");
    assertThat(g.name()).isEqualTo(name);
    GuardResult r = run(g, tool, args);
    assertThat(r).isInstanceOf(GuardResult.Allow.class);
    assertThat(r.details()).isEqualTo("disabled");
  }

  @Test
  void nullConfigMeansDefaults() throws Exception {
    for (String n : NAMES) {
      assertThat(guard(n, null)).isNotNull();
    }
    Guard egress = guard("egress-allowlist", null);
    assertThat(run(egress, "fetch", "{\"url\": \"https://api.openai.com/v1/models\"}")).isInstanceOf(GuardResult.Allow.class);
    assertThat(run(egress, "fetch", "{\"url\": \"https://example.com/\"}")).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void presentEmptyListReplacesTheDefault() throws Exception {
    Guard egress = guard("egress-allowlist", "{\"allow\": []}");
    assertThat(run(egress, "fetch", "{\"url\": \"https://api.openai.com/\"}")).isInstanceOf(GuardResult.Deny.class);
    Guard tools = guard("mcp-tool", "{\"block\": []}");
    assertThat(run(tools, "shell_exec", "{}")).isInstanceOf(GuardResult.Allow.class);
  }
}
