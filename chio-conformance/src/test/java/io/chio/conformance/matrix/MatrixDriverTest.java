package io.chio.conformance.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.conformance.SharedDir;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver's answers move with its inputs, not with {@code expected}: the same scenarios with one
 * input changed (and {@code expected} left as it was) give the tuple the kernel then decides.
 */
class MatrixDriverTest {
  private static VerdictMatrix matrix;

  @BeforeAll
  static void load() throws Exception {
    matrix = VerdictMatrix.load(SharedDir.locate());
  }

  private static Scenario scenario(String id) {
    return matrix.scenarios().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static VerdictTuple run(Scenario s) throws Exception {
    return matrix.driver().run(s);
  }

  private static Scenario with(Scenario s, List<String> scopes, Boolean revoked, String replay, ObjectNode input, String action) {
    return new Scenario(s.id(), s.category(), s.tool(), input, scopes, s.requiredScope(), revoked, replay, action, s.redactionPhase(), s.expected());
  }

  private static TreeSet<String> set(String... s) {
    return new TreeSet<>(Set.of(s));
  }

  @Test
  void revokingAnActiveCapabilityTurnsItsAllowIntoRevoked() throws Exception {
    Scenario s = scenario("revocation-propagation-001-active-read");
    assertThat(run(with(s, s.capabilityScopes(), true, null, s.input(), null)))
        .isEqualTo(new VerdictTuple("deny", "urn:chio:error:capability:revoked", set("tool:read")));
  }

  @Test
  void widerScopesTurnAScopeDenyIntoAnAllowAndNarrowerOnesBack() throws Exception {
    Scenario s = scenario("capability-subset-007-missing-write");
    assertThat(run(with(s, List.of("tool:read", "tool:write"), null, null, s.input(), null)))
        .isEqualTo(new VerdictTuple("allow", "urn:chio:error:none", set("tool:read", "tool:write")));
    Scenario read = scenario("capability-subset-001-read-exact");
    assertThat(run(with(read, List.of("telemetry:read"), null, null, read.input(), null)))
        .isEqualTo(new VerdictTuple("deny", "urn:chio:error:capability:scope-exceeded", set("telemetry:read")));
  }

  @Test
  void aFreshNonceSpentTwiceIsAReplay() throws Exception {
    Scenario s = scenario("replay-verdict-001-fresh-read");
    assertThat(run(with(s, s.capabilityScopes(), null, "duplicate", s.input(), null)))
        .isEqualTo(new VerdictTuple("deny", "urn:chio:error:replay:deterministic-mismatch", set("tool:read")));
    assertThat(run(with(s, s.capabilityScopes(), null, "trace_missing", s.input(), null)))
        .isEqualTo(new VerdictTuple("error", "urn:chio:error:replay:trace-not-found", set("tool:read")));
  }

  @Test
  void aMaskWithNothingToMaskReportsNoRedaction() throws Exception {
    Scenario s = scenario("redaction-determinism-001-input-mask-read");
    ObjectNode clean = (ObjectNode) Json.parse("{\"path\":\"README.md\"}");
    assertThat(run(with(s, s.capabilityScopes(), null, null, clean, "mask")))
        .isEqualTo(new VerdictTuple("allow", "urn:chio:error:none", set("tool:read")));
    assertThat(run(with(s, s.capabilityScopes(), null, null, s.input(), "deny")))
        .isEqualTo(new VerdictTuple("deny", "urn:chio:error:guard:denied", set("tool:read")));
  }

  @Test
  void inputsTheDriverCannotTranslateFailInsteadOfPassing() {
    Scenario s = scenario("replay-verdict-001-fresh-read");
    assertThatThrownBy(() -> run(with(s, s.capabilityScopes(), null, "rewound", s.input(), null))).hasMessageContaining("unsupported replay_nonce_status");
    assertThatThrownBy(() -> run(with(s, List.of("tool:launch"), null, null, s.input(), null))).hasMessageContaining("no tool of the matrix requires scope");
    assertThatThrownBy(() -> Scenario.parse("x.json", Json.parse("{\"schema\":\"chio.verdict-matrix.scenario.v1\",\"extra\":1}")))
        .hasMessageContaining("unknown top-level field");
  }
}
