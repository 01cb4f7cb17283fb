package io.chio.lambda.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.lambda.fakes.TestPolicies;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LambdaPolicyLoaderTest {
  static LambdaPolicy parse(String yaml) throws LambdaPolicyException {
    return LambdaPolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "chio-policy.yaml");
  }

  @Test
  void readsTheSeedsTransparentExample() throws Exception {
    LambdaPolicy p = parse(TestPolicies.SEED_TRANSPARENT);
    assertThat(p.mode()).isEqualTo(LambdaPolicy.Mode.TRANSPARENT);
    assertThat(p.evaluation()).isEqualTo(new EvaluationFields("requestContext.authorizer.principalId", "resource", "httpMethod", "body"));
    assertThat(p.defaultDecision()).isEqualTo(LambdaPolicy.DefaultDecision.DENY);
    assertThat(p.rules()).extracting(Rule::tool).containsExactly("/api/search", "/api/write");
    assertThat(p.rules().get(0).scopes()).containsExactly("tools:search:invoke");
    assertThat(p.rules().get(0).guards()).extracting(Rule.GuardRef::name).containsExactly("rate-limit", "pii-filter");
    assertThat(p.match("/api/write").index()).isEqualTo(1);
    assertThat(p.match("/api/other")).isNull();
    assertThat(p.sourceHash()).hasSize(64);
    // Layout and comments do not change the hash; a value does.
    assertThat(parse(TestPolicies.SEED_TRANSPARENT.replace("# chio-policy.yaml\n", "")).sourceHash()).isEqualTo(p.sourceHash());
    assertThat(parse(TestPolicies.SEED_TRANSPARENT.replace("default: deny", "default: allow")).sourceHash()).isNotEqualTo(p.sourceHash());
  }

  @Test
  void defaultsAreExplicitModeAndDeny() throws Exception {
    LambdaPolicy p = parse("policy: {}\n");
    assertThat(p.mode()).isEqualTo(LambdaPolicy.Mode.EXPLICIT);
    assertThat(p.defaultDecision()).isEqualTo(LambdaPolicy.DefaultDecision.DENY);
    assertThat(p.rules()).isEmpty();
  }

  @Test
  void globsMatchOneSegmentOrAnyRest() throws Exception {
    LambdaPolicy p = parse("policy:\n  rules:\n    - tool: \"/api/*\"\n    - tool: \"/files/**\"\n");
    assertThat(p.match("/api/search").tool()).isEqualTo("/api/*");
    assertThat(p.match("/api/a/b")).isNull();
    assertThat(p.match("/files/a/b/c").tool()).isEqualTo("/files/**");
  }

  @Test
  void everyProblemNamesItsLine() {
    assertThatThrownBy(() -> parse("mode: sneaky\npolicy: {}\n")).hasMessage("chio-policy.yaml:1: mode must be explicit or transparent, got \"sneaky\"");
    assertThatThrownBy(() -> parse("policy:\n  default: deny\n  rulez: []\n"))
        .hasMessageStartingWith("chio-policy.yaml:3: unknown key \"rulez\" in policy; allowed: default, rules");
    assertThatThrownBy(() -> parse("policy:\n  rules:\n    - tool: a\n      guards: [\"rate-limit\", \"telepathy\"]\n"))
        .hasMessageStartingWith("chio-policy.yaml:4: unknown guard \"telepathy\"");
    assertThatThrownBy(() -> parse("policy:\n  rules:\n    - tool: a\n    - tool: a\n"))
        .hasMessage("chio-policy.yaml:4: tool \"a\" already has a rule above");
    assertThatThrownBy(() -> parse("policy:\n  rules:\n    - scopes: [x]\n")).hasMessage("chio-policy.yaml:3: rule 0 has no tool");
    assertThatThrownBy(() -> parse("evaluation:\n  tool_field: \"a..b\"\npolicy: {}\n")).hasMessageContaining("chio-policy.yaml:2: tool_field must be a dotted path");
    assertThatThrownBy(() -> parse("policy:\n  rules:\n    - tool: a\n      guards: [{\"rate-limit\": {\"max_requests\": 0}}]\n"))
        .hasMessageContaining("max_requests must be a positive integer");
    assertThatThrownBy(() -> parse("policy: {}\npolicy: {}\n")).hasMessageContaining("chio-policy.yaml:2: not valid YAML").hasMessageContaining("Duplicate");
    assertThatThrownBy(() -> parse("mode: explicit\n")).hasMessageContaining("no \"policy\" section");
    assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> parse("- a\n")).hasMessageContaining("must be a mapping");
  }

  @Test
  void seedGuardNamesCompileToKernelGuards() throws Exception {
    LambdaPolicy p = parse(TestPolicies.SEED_TRANSPARENT);
    var search = RuleGuards.hushSpec(p, p.rules().get(0));
    assertThat(search.path("rules").path("velocity").path("max_requests_per_session").asLong()).isEqualTo(100);
    assertThat(search.path("extensions").path("guards").has("pii-filter")).isTrue();
    var write = RuleGuards.hushSpec(p, p.rules().get(1));
    assertThat(write.path("rules").path("human_in_loop").path("require_confirmation").get(0).asText()).isEqualTo("*");
    assertThat(write.path("metadata").path("chio_lambda_policy_hash").asText()).isEqualTo(p.sourceHash());
  }
}
