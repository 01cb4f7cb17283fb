package io.chio.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.kernel.guard.GuardCatalog;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.PolicyLoader;
import io.chio.kernel.store.InMemoryReceiptLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel over real catalog guards configured from HushSpec blocks (config keys line up end to end). */
class CatalogPipelineTest {
  static final long NOW = 1_700_000_000L;
  static final Ed25519SigningKey AUTHORITY = Ed25519SigningKey.fromSeedHex("11".repeat(32));
  static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeedHex("33".repeat(32));

  static final String POLICY = """
      hushspec: "0.1.0"
      name: net-and-tools
      rules:
        tool_access:
          enabled: true
          default: allow
          block: [shell_exec]
        egress:
          enabled: true
          default: block
          allow: ["api.github.com"]
        velocity:
          enabled: true
          max_invocations_per_window: 3
          window_secs: 60
      extensions:
        guards:
          internal-network: {}
      """;

  Verdict evaluate(Kernel k, String tool, String args) {
    CapabilityToken t = CapabilityToken.issue(AUTHORITY, "cap-1", AGENT.publicKey(),
        Scope.ofTools(List.of(ToolGrant.of("*", "*", List.of(Operation.INVOKE)))), NOW - 10, NOW + 3600);
    return k.evaluate(ToolCallRequest.builder("r", "srv", tool, AGENT.publicKey().toHex()).capability(t)
        .arguments((ObjectNode) Json.parse(args)).build());
  }

  @Test
  void realGuardsDecide() throws Exception {
    assertThat(GuardCatalog.names()).contains("mcp-tool", "egress-allowlist", "internal-network", "velocity");
    CompiledPolicy policy = PolicyLoader.parse(POLICY, "net.yaml");
    assertThat(policy.guardNames()).containsSubsequence("mcp-tool", "egress-allowlist", "internal-network", "velocity");
    Kernel k = Kernel.builder().clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
        .signingKey(Ed25519SigningKey.fromSeedHex("22".repeat(32))).trustedIssuers(Set.of(AUTHORITY.publicKey()))
        .policy(policy).receiptLog(new InMemoryReceiptLog()).build();

    Verdict shell = evaluate(k, "shell_exec", "{\"command\":\"ls\"}");
    assertThat(((Verdict.Deny) shell).guard()).isEqualTo("mcp-tool");
    Verdict ssrf = evaluate(k, "fetch", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}");
    assertThat(ssrf).isInstanceOf(Verdict.Deny.class);
    assertThat(((Verdict.Deny) ssrf).guard()).isIn("egress-allowlist", "internal-network");
    Verdict elsewhere = evaluate(k, "fetch", "{\"url\":\"https://evil.example/\"}");
    assertThat(((Verdict.Deny) elsewhere).guard()).isEqualTo("egress-allowlist");
    assertThat(evaluate(k, "fetch", "{\"url\":\"https://api.github.com/repos\"}")).isInstanceOf(Verdict.Allow.class);
    assertThat(evaluate(k, "fetch", "{\"url\":\"https://api.github.com/a\"}")).isInstanceOf(Verdict.Allow.class);
    assertThat(evaluate(k, "fetch", "{\"url\":\"https://api.github.com/b\"}")).isInstanceOf(Verdict.Allow.class);
    Verdict rate = evaluate(k, "fetch", "{\"url\":\"https://api.github.com/c\"}");
    assertThat(((Verdict.Deny) rate).guard()).isEqualTo("velocity");
  }
}
