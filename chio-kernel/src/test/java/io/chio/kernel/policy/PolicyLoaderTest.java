package io.chio.kernel.policy;

import static io.chio.kernel.policy.RecordingGuardProvider.configOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.Constraint;
import io.chio.core.capability.Operation;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  static final List<String> DEFAULT_PIPELINE = List.of("mcp-tool", "forbidden-path", "shell-command", "egress-allowlist",
      "internal-network", "secret-leak", "patch-integrity", "response-sanitization");

  final RecordingGuardProvider guards = new RecordingGuardProvider();

  @TempDir Path dir;

  Path write(String name, String yaml) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  CompiledPolicy load(String yaml) throws Exception {
    return PolicyLoader.load(write("policy.yaml", yaml), guards);
  }

  String error(String yaml) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> load(yaml));
    assertThat(e).as("policy should be refused").isNotNull();
    return e.getMessage();
  }

  String where(int line, int column) {
    return dir.resolve("policy.yaml") + ":" + line + ":" + column;
  }

  @Test
  void aBarePolicyRunsTheDefaultPipelineWithBuiltInDefaults() throws Exception {
    CompiledPolicy p = load("hushspec: \"0.1.0\"\n");
    assertThat(p.guardNames()).isEqualTo(DEFAULT_PIPELINE);
    for (String g : DEFAULT_PIPELINE) {
      assertThat(configOf(p, g)).as(g).isNull();
    }
    assertThat(p.approvals().requiresApproval("anything", 1_000_000L)).isFalse();
    assertThat(p.name()).isNull();
  }

  @Test
  void everyBlockConfiguresItsGuardInPipelineOrder() throws Exception {
    CompiledPolicy p = load("""
        hushspec: "0.1.0"
        name: everything
        rules:
          velocity: {max_invocations_per_window: 10, max_requests_per_agent: 5, window_secs: 60}
          code_execution: {language_allowlist: [python]}
          input_injection: {allowed_types: [text]}
          remote_desktop_channels: {clipboard: false}
          computer_use: {mode: guardrail}
          browser_automation: {allowed_verbs: [navigate]}
          path_allowlist: {read: ["/workspace/**"]}
          tool_access: {default: allow, block: [shell_exec]}
          forbidden_paths: {patterns: ["**/secret/**"]}
          shell_commands: {forbidden_patterns: ["rm -rf"]}
          egress: {allow: ["*.example.com"], default: block}
          secret_patterns: {skip_paths: ["**/test/**"]}
          patch_integrity: {max_additions: 10}
        extensions:
          detection:
            jailbreak: {block_threshold: 70}
            prompt_injection: {block_at_or_above: high}
          guards:
            content-review: {}
            sql-query: {operations: [select]}
            memory-governance: {}
            internal-network: {}
            response-sanitization: {}
        """);
    assertThat(p.guardNames()).containsExactly("mcp-tool", "forbidden-path", "path-allowlist", "shell-command", "egress-allowlist",
        "internal-network", "secret-leak", "patch-integrity", "code-execution", "browser-automation", "computer-use",
        "remote-desktop-side-channel", "input-injection-capability", "sql-query", "memory-governance", "content-review",
        "prompt-injection", "jailbreak", "velocity", "agent-velocity", "response-sanitization");
    assertThat(configOf(p, "egress-allowlist")).isEqualTo(Json.parse("{\"allow\":[\"*.example.com\"],\"default\":\"block\"}"));
    assertThat(configOf(p, "prompt-injection")).isEqualTo(Json.parse("{\"block_at_or_above\":\"high\"}"));
    assertThat(configOf(p, "sql-query")).isEqualTo(Json.parse("{\"operations\":[\"select\"]}"));
    assertThat(p.name()).isEqualTo("everything");
  }

  @Test
  void velocityIsSplitBetweenTheTwoRateGuards() throws Exception {
    CompiledPolicy p = load("""
        hushspec: "0.1.0"
        rules:
          velocity:
            max_invocations_per_window: 10
            max_spend_per_window: 500
            max_requests_per_agent: 5
            window_secs: 60
            burst_factor: 1.5
        """);
    assertThat(configOf(p, "velocity")).isEqualTo(Json.parse(
        "{\"max_invocations_per_window\":10,\"max_spend_per_window\":500,\"window_secs\":60,\"burst_factor\":1.5}"));
    assertThat(configOf(p, "agent-velocity")).isEqualTo(Json.parse("{\"max_requests_per_agent\":5,\"window_secs\":60,\"burst_factor\":1.5}"));

    CompiledPolicy agentOnly = load("hushspec: \"0.1.0\"\nrules:\n  velocity: {max_requests_per_session: 3}\n");
    assertThat(agentOnly.guardNames()).contains("agent-velocity").doesNotContain("velocity");
  }

  @Test
  void enabledFalseRemovesAGuardEvenADefaultOne() throws Exception {
    CompiledPolicy p = load("""
        hushspec: "0.1.0"
        rules:
          forbidden_paths: {enabled: false}
          egress: {enabled: false, allow: [a.example]}
        extensions:
          guards:
            response-sanitization: {enabled: false}
        """);
    assertThat(p.guardNames()).doesNotContain("forbidden-path", "egress-allowlist", "response-sanitization").contains("shell-command");
  }

  @Test
  void aSwitchedOffBlockIsStillValidated() {
    String msg = error("""
        hushspec: "0.1.0"
        rules:
          forbidden_paths:
            enabled: false
            bogus_patterns: [x]
        """);
    assertThat(msg).startsWith(where(5, 5)).contains("unknown config key \"bogus_patterns\"").contains("forbidden-path");
  }

  @Test
  void unknownTopLevelKeyIsReportedAtItsPositionWithASuggestion() {
    String msg = error("hushspec: \"0.1.0\"\nname: x\nrule:\n  egress: {}\n");
    assertThat(msg).startsWith(where(3, 1)).contains("unknown top-level key \"rule\"").contains("did you mean \"rules\"?");
  }

  @Test
  void unknownRulesBlockIsReportedAtItsPosition() {
    String msg = error("hushspec: \"0.1.0\"\nrules:\n  egress: {}\n  forbiden_paths: {}\n");
    assertThat(msg).startsWith(where(4, 3)).contains("unknown rules block \"forbiden_paths\"").contains("did you mean \"forbidden_paths\"?");
  }

  @Test
  void unknownKeyInsideAGuardBlockPointsAtThatKey() {
    String msg = error("""
        hushspec: "0.1.0"
        rules:
          egress:
            allow: [a.example]
            bogus_default: block
        """);
    assertThat(msg).startsWith(where(5, 5)).contains("guard \"egress-allowlist\"").contains("bogus_default");
  }

  @Test
  void unknownKeysInKernelOwnedBlocksAreReported() {
    assertThat(error("hushspec: \"0.1.0\"\nrules:\n  velocity:\n    max_invocation_per_window: 3\n"))
        .startsWith(where(4, 5)).contains("did you mean \"max_invocations_per_window\"?");
    assertThat(error("hushspec: \"0.1.0\"\nrules:\n  human_in_loop:\n    approve_over: 3\n"))
        .startsWith(where(4, 5)).contains("unknown key in rules.human_in_loop \"approve_over\"");
    assertThat(error("hushspec: \"0.1.0\"\nextensions:\n  detection:\n    prompt_injection: {}\n    jailbrake: {}\n"))
        .startsWith(where(5, 5)).contains("did you mean \"jailbreak\"?");
    assertThat(error("hushspec: \"0.1.0\"\nextensions:\n  posture: {}\n")).startsWith(where(3, 3)).contains("unknown extensions key");
  }

  @Test
  void everyProblemInAFileIsReportedAtOnce() {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> load("hushspec: \"0.1.0\"\nfoo: 1\nbar: 2\nrules: []\n"));
    assertThat(e.problems()).extracting(PolicyException.Problem::where).containsExactly(where(2, 1), where(3, 1), where(4, 1));
  }

  @Test
  void hushspecVersionIsRequiredAndExact() {
    assertThat(error("name: x\n")).contains("missing required key hushspec");
    assertThat(error("hushspec: \"0.2.0\"\n")).startsWith(where(1, 1)).contains("unsupported hushspec version \"0.2.0\"");
    assertThat(error("hushspec: 0.1\n")).contains("must be the string \"0.1.0\"");
  }

  @Test
  void wrongTypesAreReported() {
    assertThat(error("hushspec: \"0.1.0\"\nrules:\n  egress: [a]\n")).startsWith(where(3, 3)).contains("rules.egress must be a mapping");
    assertThat(error("hushspec: \"0.1.0\"\nrules:\n  egress: {enabled: \"no\"}\n")).contains("enabled must be true or false");
    assertThat(error("hushspec: \"0.1.0\"\nmerge_strategy: deep\n")).contains("merge_strategy must be one of replace, merge, deep_merge");
    assertThat(error("hushspec: \"0.1.0\"\nrules:\n  human_in_loop: {approve_above: -5}\n")).contains("approve_above must be a non-negative integer");
    assertThat(error("hushspec: \"0.1.0\"\nrules:\n  human_in_loop: {on_timeout: allow}\n")).contains("on_timeout must be deny or defer");
    assertThat(error("hushspec: \"0.1.0\"\nrules:\n  human_in_loop: {timeout_seconds: 0}\n")).contains("timeout_seconds must be at least 1");
  }

  @Test
  void hostileYamlIsRefused() throws Exception {
    assertThat(error("")).contains("the policy is empty");
    assertThat(error("- hushspec\n")).contains("must be a YAML mapping");
    assertThat(error("hushspec: \"0.1.0\"\nname: a\nname: b\n")).contains("invalid YAML").containsIgnoringCase("duplicate");
    assertThat(error("hushspec: \"0.1.0\"\n---\nhushspec: \"0.1.0\"\n")).contains("only one YAML document");
    assertThat(error("hushspec: \"0.1.0\"\nmetadata: {x: .inf}\n")).contains("policy.yaml:2:").contains(".inf");
    assertThat(error("hushspec: \"0.1.0\"\nmetadata: {x: !!binary aGVsbG8=}\n")).contains("unsupported YAML value");
    assertThat(error("hushspec: \"0.1.0\"\nrules: {egress: {allow: [\"unterminated]}}\n")).contains("invalid YAML");
    assertThat(error("hushspec: \"0.1.0\"\nmetadata: " + "[".repeat(100) + "]".repeat(100) + "\n")).contains("nesting");
    StringBuilder bomb = new StringBuilder("hushspec: \"0.1.0\"\nmetadata:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char p = (char) (c - 1);
      bomb.append("  ").append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
    }
    assertThat(error(bomb.toString())).contains("aliases");
    assertThat(error("hushspec: \"0.1.0\"\nname: &n x\ndescription: *n\n")).startsWith(where(3, 14)).contains("aliases (*n) are not supported");
    Path bad = dir.resolve("latin1.yaml");
    Files.write(bad, "hushspec: \"0.1.0\"\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> PolicyLoader.load(bad, guards)).hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("missing.yaml"), guards)).hasMessageContaining("does not exist");
  }

  @Test
  void guardsMissingFromTheBuildOnlyMatterWhenThePolicyNamesThem() throws Exception {
    RecordingGuardProvider partial = new RecordingGuardProvider(List.of("forbidden-path", "shell-command"));
    CompiledPolicy p = PolicyLoader.load(write("p.yaml", "hushspec: \"0.1.0\"\nrules:\n  forbidden_paths: {}\n"), partial);
    assertThat(p.guardNames()).containsExactly("forbidden-path", "shell-command");
    assertThatThrownBy(() -> PolicyLoader.load(write("q.yaml", "hushspec: \"0.1.0\"\nrules:\n  egress: {allow: [x]}\n"), partial))
        .hasMessageContaining("q.yaml:3:3").hasMessageContaining("unknown guard \"egress-allowlist\"");
  }

  @Test
  void extensionGuardsMustBeKnownAndNotConfiguredElsewhere() {
    assertThat(error("hushspec: \"0.1.0\"\nextensions:\n  guards:\n    telepathy: {}\n")).startsWith(where(4, 5)).contains("unknown guard \"telepathy\"");
    assertThat(error("hushspec: \"0.1.0\"\nextensions:\n  guards:\n    forbidden-path: {}\n"))
        .startsWith(where(4, 5)).contains("configured by rules.forbidden_paths");
    assertThat(error("hushspec: \"0.1.0\"\nextensions:\n  guards:\n    jailbreak: {}\n")).contains("configured by extensions.detection.jailbreak");
  }

  @Test
  void policyHashIsTheSha256OfTheCanonicalMergedPolicy() throws Exception {
    CompiledPolicy a = load("hushspec: \"0.1.0\"\nname: p\nrules:\n  egress: {allow: [a, b], default: block}\n");
    CompiledPolicy b = load("# same policy, other layout\nrules:\n  egress:\n    default: block\n    allow:\n      - a\n      - b\nname: p\nhushspec: \"0.1.0\"\n");
    CompiledPolicy c = load("hushspec: \"0.1.0\"\nname: p\nrules:\n  egress: {allow: [b, a], default: block}\n");
    assertThat(a.policyHash()).matches("[0-9a-f]{64}").isEqualTo(b.policyHash()).isNotEqualTo(c.policyHash());
    assertThat(a.policyHash()).isEqualTo(Sha256.hex(CanonicalJson.bytes(a.policy())));
    assertThat(CanonicalJson.string(a.policy())).isEqualTo("{\"hushspec\":\"0.1.0\",\"name\":\"p\",\"rules\":{\"egress\":{\"allow\":[\"a\",\"b\"],\"default\":\"block\"}}}");
  }

  @Test
  void extendsTakesEachRulesBlockWholeFromTheChild() throws Exception {
    write("base.yaml", """
        hushspec: "0.1.0"
        name: base
        description: the base
        rules:
          forbidden_paths: {patterns: ["**/a/**", "**/b/**"], exceptions: ["**/a/ok"]}
          egress: {allow: [base.example]}
        """);
    Path child = write("child.yaml", """
        hushspec: "0.1.0"
        extends: base.yaml
        name: child
        rules:
          forbidden_paths: {patterns: ["**/c/**"]}
        """);
    CompiledPolicy p = PolicyLoader.load(child, guards);
    assertThat(configOf(p, "forbidden-path")).isEqualTo(Json.parse("{\"patterns\":[\"**/c/**\"]}"));
    assertThat(configOf(p, "egress-allowlist")).isEqualTo(Json.parse("{\"allow\":[\"base.example\"]}"));
    assertThat(p.name()).isEqualTo("child");
    assertThat(p.policy().get("description").textValue()).isEqualTo("the base");
    assertThat(p.policy().has("extends")).isFalse();
    assertThat(p.sources()).containsExactly(child.toString(), dir.resolve("base.yaml").toString());
  }

  @Test
  void replaceIgnoresTheBase() throws Exception {
    write("base.yaml", "hushspec: \"0.1.0\"\nname: base\nrules:\n  egress: {allow: [base.example]}\n");
    CompiledPolicy p = PolicyLoader.load(write("child.yaml", "hushspec: \"0.1.0\"\nextends: base.yaml\nmerge_strategy: replace\n"), guards);
    assertThat(configOf(p, "egress-allowlist")).isNull();
    assertThat(p.name()).isNull();
    assertThat(CanonicalJson.string(p.policy())).isEqualTo("{\"hushspec\":\"0.1.0\",\"merge_strategy\":\"replace\"}");
  }

  @Test
  void deepMergeMergesDetectorsAndExtensionGuardsFieldByFieldButMergeDoesNot() throws Exception {
    write("base.yaml", """
        hushspec: "0.1.0"
        extensions:
          detection:
            prompt_injection: {block_at_or_above: high, max_scan_bytes: 100}
            jailbreak: {block_threshold: 50}
          guards:
            sql-query: {operations: [select], tables: [users]}
        """);
    String child = """
        hushspec: "0.1.0"
        extends: base.yaml
        merge_strategy: %s
        extensions:
          detection:
            prompt_injection: {block_at_or_above: critical}
          guards:
            sql-query: {tables: [orders]}
        """;
    CompiledPolicy deep = PolicyLoader.load(write("deep.yaml", child.formatted("deep_merge")), guards);
    assertThat(configOf(deep, "prompt-injection")).isEqualTo(Json.parse("{\"block_at_or_above\":\"critical\",\"max_scan_bytes\":100}"));
    assertThat(configOf(deep, "jailbreak")).isEqualTo(Json.parse("{\"block_threshold\":50}"));
    assertThat(configOf(deep, "sql-query")).isEqualTo(Json.parse("{\"operations\":[\"select\"],\"tables\":[\"orders\"]}"));

    CompiledPolicy shallow = PolicyLoader.load(write("merge.yaml", child.formatted("merge")), guards);
    assertThat(configOf(shallow, "prompt-injection")).isEqualTo(Json.parse("{\"block_at_or_above\":\"critical\"}"));
    assertThat(shallow.guardNames()).doesNotContain("jailbreak");
    assertThat(configOf(shallow, "sql-query")).isEqualTo(Json.parse("{\"tables\":[\"orders\"]}"));
  }

  @Test
  void defaultStrategyIsDeepMerge() throws Exception {
    write("base.yaml", "hushspec: \"0.1.0\"\nextensions:\n  detection:\n    jailbreak: {block_threshold: 50, max_input_bytes: 9}\n");
    CompiledPolicy p = PolicyLoader.load(write("c.yaml",
        "hushspec: \"0.1.0\"\nextends: base.yaml\nextensions:\n  detection:\n    jailbreak: {block_threshold: 80}\n"), guards);
    assertThat(configOf(p, "jailbreak")).isEqualTo(Json.parse("{\"block_threshold\":80,\"max_input_bytes\":9}"));
  }

  @Test
  void extendsChainsResolveRelativeToEachFile() throws Exception {
    Files.createDirectories(dir.resolve("org/base"));
    write("org/base/root.yaml", "hushspec: \"0.1.0\"\nrules:\n  shell_commands: {forbidden_patterns: [root]}\n");
    write("org/team.yaml", "hushspec: \"0.1.0\"\nextends: base/root.yaml\nrules:\n  egress: {allow: [team.example]}\n");
    CompiledPolicy p = PolicyLoader.load(write("app.yaml", "hushspec: \"0.1.0\"\nextends: org/team.yaml\n"), guards);
    assertThat(configOf(p, "shell-command")).isEqualTo(Json.parse("{\"forbidden_patterns\":[\"root\"]}"));
    assertThat(configOf(p, "egress-allowlist")).isEqualTo(Json.parse("{\"allow\":[\"team.example\"]}"));
    assertThat(p.sources()).hasSize(3);
  }

  @Test
  void extendsCyclesAreRejectedNamingTheCycle() throws Exception {
    write("a.yaml", "hushspec: \"0.1.0\"\nextends: b.yaml\n");
    write("b.yaml", "hushspec: \"0.1.0\"\nname: b\nextends: c.yaml\n");
    write("c.yaml", "hushspec: \"0.1.0\"\nextends: a.yaml\n");
    assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("a.yaml"), guards))
        .hasMessageContaining("c.yaml:2:1").hasMessageContaining("extends cycle: a.yaml -> b.yaml -> c.yaml -> a.yaml");
    Path self = write("self.yaml", "hushspec: \"0.1.0\"\nextends: ./self.yaml\n");
    assertThatThrownBy(() -> PolicyLoader.load(self, guards)).hasMessageContaining("extends cycle: self.yaml -> self.yaml");
  }

  @Test
  void aMissingBaseIsReportedAtTheExtendsKey() throws Exception {
    Path p = write("child.yaml", "hushspec: \"0.1.0\"\nname: c\nextends: nowhere.yaml\n");
    assertThatThrownBy(() -> PolicyLoader.load(p, guards)).hasMessageContaining(p + ":3:1").hasMessageContaining("nowhere.yaml");
    Path url = write("url.yaml", "hushspec: \"0.1.0\"\nextends: https://example.com/p.yaml\n");
    assertThatThrownBy(() -> PolicyLoader.load(url, guards)).hasMessageContaining("must be a path");
  }

  @Test
  void errorsInABaseAreReportedInTheBaseFile() throws Exception {
    Path base = write("base.yaml", "hushspec: \"0.1.0\"\nrules:\n  egress:\n    bogus: 1\n");
    Path child = write("child.yaml", "hushspec: \"0.1.0\"\nextends: base.yaml\nrules:\n  shell_commands: {}\n");
    assertThatThrownBy(() -> PolicyLoader.load(child, guards)).hasMessageStartingWith(base + ":4:5");
    write("base2.yaml", "hushspec: \"0.1.0\"\nrulez: {}\n");
    Path child2 = write("child2.yaml", "hushspec: \"0.1.0\"\nextends: base2.yaml\n");
    assertThatThrownBy(() -> PolicyLoader.load(child2, guards)).hasMessageStartingWith(dir.resolve("base2.yaml") + ":2:1");
  }

  @Test
  void humanInLoopBecomesApprovalSettings() throws Exception {
    CompiledPolicy p = load("""
        hushspec: "0.1.0"
        rules:
          tool_access: {require_confirmation: [deploy_*]}
          human_in_loop:
            require_confirmation: [stripe_refund]
            approve_above: 5000
            approve_above_currency: USD
            timeout_seconds: 600
            on_timeout: defer
        """);
    ApprovalSettings a = p.approvals();
    assertThat(a.requiresConfirmation("deploy_prod")).isTrue();
    assertThat(a.requiresConfirmation("stripe_refund")).isTrue();
    assertThat(a.requiresConfirmation("stripe_refunds")).isFalse();
    assertThat(a.requiresApproval("pay", 4999L)).isFalse();
    assertThat(a.requiresApproval("pay", 5000L)).isTrue();
    assertThat(a.requiresApproval("pay", null)).isFalse();
    assertThat(a.timeoutSeconds()).isEqualTo(600);
    assertThat(a.onTimeout()).isEqualTo(ApprovalSettings.OnTimeout.DEFER);
    assertThat(a.currency()).isEqualTo("USD");

    CompiledPolicy off = load("hushspec: \"0.1.0\"\nrules:\n  human_in_loop: {enabled: false, approve_above: 1}\n");
    assertThat(off.approvals().requiresApproval("pay", 100L)).isFalse();
  }

  @Test
  void parsedTextCannotExtend() {
    assertThatThrownBy(() -> PolicyLoader.parse("hushspec: \"0.1.0\"\nextends: base.yaml\n", "inline", guards))
        .hasMessageStartingWith("inline:2:1").hasMessageContaining("extends can only be used");
  }

  @Test
  void theMergedPolicyIsACopy() throws Exception {
    CompiledPolicy p = load("hushspec: \"0.1.0\"\nname: p\n");
    JsonNode copy = p.policy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).put("name", "changed");
    assertThat(p.policy().get("name").textValue()).isEqualTo("p");
  }

  @Test
  void defaultGrantsFollowToolAccess() throws Exception {
    assertThat(load("hushspec: \"0.1.0\"\n").defaultGrants("*"))
        .containsExactly(ToolGrant.of("*", "*", List.of(Operation.INVOKE)));
    assertThat(load("hushspec: \"0.1.0\"\nrules:\n  tool_access: {default: allow, block: [shell_exec], max_args_size: 1024}\n").defaultGrants("srv"))
        .containsExactly(ToolGrant.of("srv", "*", List.of(Operation.INVOKE)).withConstraints(List.of(new Constraint.MaxArgsSize(1024))));
    CompiledPolicy block = load("""
        hushspec: "0.1.0"
        rules:
          tool_access: {default: block, allow: [read_file, deploy, "list_*"], require_confirmation: [deploy]}
          human_in_loop: {approve_above: 500}
        """);
    assertThat(block.defaultGrants("srv-files")).containsExactly(
        ToolGrant.of("srv-files", "read_file", List.of(Operation.INVOKE)).withConstraints(List.of(new Constraint.RequireApprovalAbove(500))),
        ToolGrant.of("srv-files", "deploy", List.of(Operation.INVOKE)).withConstraints(List.of(new Constraint.RequireApprovalAbove(0))));
    assertThat(block.defaultScope("*").grants()).hasSize(2);
    assertThat(load("hushspec: \"0.1.0\"\nrules:\n  tool_access: {default: block}\n").defaultGrants("*")).isEmpty();
    assertThat(load("hushspec: \"0.1.0\"\nrules:\n  tool_access: {allow: [a]}\n").defaultGrants("*"))
        .containsExactly(ToolGrant.of("*", "a", List.of(Operation.INVOKE)));
    assertThat(load("hushspec: \"0.1.0\"\nrules:\n  tool_access: {enabled: false, default: block}\n").defaultGrants("*"))
        .containsExactly(ToolGrant.of("*", "*", List.of(Operation.INVOKE)));
    assertThat(error("hushspec: \"0.1.0\"\nrules:\n  tool_access:\n    default: deny\n")).startsWith(where(4, 5)).contains("allow or block");
  }
}
