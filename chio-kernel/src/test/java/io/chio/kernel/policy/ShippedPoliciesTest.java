package io.chio.kernel.policy;

import static io.chio.kernel.policy.RecordingGuardProvider.configOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The policies shipped in {@code policies/} at the repository root all load, and mean what they say. */
class ShippedPoliciesTest {
  static final Path DIR = Path.of("..", "policies");
  static final List<String> SHIPPED = List.of("default.yaml", "code-agent.yaml", "api-agent.yaml", "read-only.yaml", "mcp-filesystem.yaml");

  final RecordingGuardProvider guards = new RecordingGuardProvider();

  CompiledPolicy load(String name) throws Exception {
    return PolicyLoader.load(DIR.resolve(name), guards);
  }

  @Test
  void everyShippedPolicyIsTestedHere() throws Exception {
    try (Stream<Path> files = Files.list(DIR)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(SHIPPED);
    }
  }

  @Test
  void defaultPolicy() throws Exception {
    CompiledPolicy p = load("default.yaml");
    assertThat(p.name()).isEqualTo("default");
    assertThat(p.guardNames()).containsExactly("mcp-tool", "forbidden-path", "shell-command", "egress-allowlist", "internal-network",
        "secret-leak", "patch-integrity", "agent-velocity", "response-sanitization");
    assertThat(configOf(p, "mcp-tool").get("block")).hasSize(4);
  }

  @Test
  void codeAgentExtendsDefault() throws Exception {
    CompiledPolicy p = load("code-agent.yaml");
    assertThat(p.name()).isEqualTo("code-agent");
    assertThat(p.sources()).hasSize(2);
    assertThat(configOf(p, "mcp-tool").get("default").textValue()).isEqualTo("block");
    assertThat(configOf(p, "mcp-tool").get("allow").toString()).contains("\"bash\"", "\"write_file\"");
    // Inherited whole from default.yaml.
    assertThat(configOf(p, "egress-allowlist").get("allow").toString()).contains("pypi.org");
    assertThat(p.guardNames()).contains("velocity", "agent-velocity");
    assertThat(p.approvals().requiresConfirmation("git_push")).isTrue();
    assertThat(p.approvals().requiresConfirmation("move_file")).isTrue();
    assertThat(p.approvals().requiresConfirmation("read_file")).isFalse();
  }

  @Test
  void apiAgentHasStrictEgressApprovalsAndDetectors() throws Exception {
    CompiledPolicy p = load("api-agent.yaml");
    assertThat(configOf(p, "egress-allowlist").get("allow").toString()).contains("api.stripe.com").doesNotContain("pypi.org");
    assertThat(p.guardNames()).contains("prompt-injection", "jailbreak", "content-review", "internal-network", "response-sanitization");
    assertThat(p.approvals().requiresApproval("stripe_create_payment", 9_999L)).isFalse();
    assertThat(p.approvals().requiresApproval("stripe_create_payment", 10_000L)).isTrue();
    assertThat(p.approvals().requiresApproval("stripe_create_refund", null)).isTrue();
  }

  @Test
  void readOnlyAllowsNoWriteTools() throws Exception {
    CompiledPolicy p = load("read-only.yaml");
    assertThat(p.sources()).hasSize(1);
    String allow = configOf(p, "mcp-tool").get("allow").toString();
    assertThat(allow).contains("read_file").doesNotContain("write", "edit", "bash", "patch");
    assertThat(configOf(p, "egress-allowlist").get("allow")).isEmpty();
  }

  @Test
  void mcpFilesystemStandsAloneAllowsTheServersFileToolsAndSanitizesOutput() throws Exception {
    CompiledPolicy p = load("mcp-filesystem.yaml");
    assertThat(p.sources()).hasSize(1);
    assertThat(configOf(p, "mcp-tool").get("default").textValue()).isEqualTo("block");
    assertThat(configOf(p, "mcp-tool").get("allow").toString()).contains("\"read_text_file\"", "\"write_file\"")
        .doesNotContain("bash");
    assertThat(p.guardNames()).contains("forbidden-path", "secret-leak", "response-sanitization");
  }

  @Test
  void hashesDifferBetweenPolicies() throws Exception {
    assertThat(Stream.of("default.yaml", "code-agent.yaml", "api-agent.yaml", "read-only.yaml").map(n -> {
      try {
        return load(n).policyHash();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).distinct()).hasSize(4);
  }
}
