package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class McpConfigCommandTest {
  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void claudeDesktopAndCursorGetMcpServersWithAbsolutePathsAndTheServerCommandAfterDashDash() {
    for (String client : new String[] {"claude-desktop", "cursor"}) {
      Cli r = Cli.run("mcp", "config", "--emit", client, "--policy", "./policy.yaml", "--server-id", "srv-files",
          "--receipt-store", "r.sqlite", "--", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/home/me/ws");
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode entry = Json.parse(r.out()).path("mcpServers").path("srv-files");
      assertThat(entry.path("command").asText()).isEqualTo("chio");
      String policy = Path.of("policy.yaml").toAbsolutePath().normalize().toString();
      String store = Path.of("r.sqlite").toAbsolutePath().normalize().toString();
      assertThat(strings(entry.path("args"))).containsExactly("mcp", "serve", "--policy", policy, "--server-id", "srv-files",
          "--receipt-store", store, "--", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/home/me/ws");
      assertThat(entry.has("type")).isFalse();
    }
  }

  @Test
  void vscodeGetsServersWithTypeStdioAndTheAuthorityKeyFileIsCarried() {
    Cli r = Cli.run("--authority-seed-file", "keys/auth.seed", "mcp", "config", "--emit", "vscode", "--name", "files",
        "--chio", "/opt/chio/chio", "--preset", "read-only", "--server-id", "srv-files", "--", "mcp-server-filesystem", "/ws");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode entry = Json.parse(r.out()).path("servers").path("files");
    assertThat(entry.path("type").asText()).isEqualTo("stdio");
    assertThat(entry.path("command").asText()).isEqualTo("/opt/chio/chio");
    assertThat(strings(entry.path("args"))).containsExactly("--authority-seed-file",
        Path.of("keys/auth.seed").toAbsolutePath().normalize().toString(), "mcp", "serve", "--preset", "read-only",
        "--server-id", "srv-files", "--", "mcp-server-filesystem", "/ws");
    assertThat(r.err()).contains(".vscode/mcp.json");
  }

  @Test
  void tuningFlagsAwayFromTheirDefaultsAreCarriedIntoTheSnippet() {
    Cli r = Cli.run("mcp", "config", "--emit", "cursor", "--chio", "/opt/chio/chio", "--preset", "default",
        "--server-id", "srv", "--call-timeout", "30", "--guard-deadline-ms", "250", "--grant-ttl", "86400", "--", "srv-cmd");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(strings(Json.parse(r.out()).path("mcpServers").path("srv").path("args")))
        .containsExactly("mcp", "serve", "--preset", "default", "--server-id", "srv", "--call-timeout", "30",
            "--guard-deadline-ms", "250", "--", "srv-cmd");
  }

  @Test
  void badInputIsAUsageError() {
    assertThat(Cli.run("mcp", "config", "--emit", "emacs", "--preset", "default", "--server-id", "s", "--", "x").exit())
        .isEqualTo(ExitCodes.BAD_INPUT);
    Cli both = Cli.run("mcp", "config", "--emit", "cursor", "--preset", "default", "--policy", "p.yaml", "--server-id", "s", "--", "x");
    assertThat(both.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(Cli.run("mcp", "config", "--emit", "cursor", "--preset", "default", "--server-id", "s").exit())
        .isEqualTo(ExitCodes.BAD_INPUT);
    Cli unknownPreset = Cli.run("mcp", "serve", "--preset", "nope", "--server-id", "s", "--receipt-store", ":memory:", "--", "true");
    assertThat(unknownPreset.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unknownPreset.err()).contains("unknown preset 'nope'");
    Cli zeroDeadline = Cli.run("mcp", "serve", "--preset", "default", "--server-id", "s", "--receipt-store", ":memory:",
        "--guard-deadline-ms", "0", "--", "true");
    assertThat(zeroDeadline.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(zeroDeadline.err()).contains("--guard-deadline-ms must be at least 1");
  }
}
