package io.chio.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReasonCodeTest {
  @Test
  void urnsAreUniqueWellFormedAndResolvable() {
    Set<String> seen = new HashSet<>();
    for (ReasonCode c : ReasonCode.values()) {
      assertThat(c.urn()).matches("urn:chio:error:(none|[a-z]+:[a-z]+(-[a-z]+)*)");
      assertThat(seen.add(c.urn())).as("unique " + c.urn()).isTrue();
      assertThat(ReasonCode.fromUrn(c.urn())).contains(c);
      assertThat(c.summary()).isNotBlank();
    }
    assertThat(ReasonCode.fromUrn("urn:chio:error:nope")).isEmpty();
  }

  @Test
  void everyDenyKindHasADenyOrErrorCode() {
    for (DenyKind k : DenyKind.values()) {
      assertThat(k.reasonCode().outcome()).as(k.name()).isIn(ReasonCode.Outcome.DENY, ReasonCode.Outcome.ERROR);
    }
    assertThat(Arrays.stream(DenyKind.values()).map(DenyKind::reasonCode)).contains(ReasonCode.SCOPE_EXCEEDED, ReasonCode.CAPABILITY_REVOKED,
        ReasonCode.REPLAY_DETERMINISTIC_MISMATCH, ReasonCode.REPLAY_TRACE_NOT_FOUND, ReasonCode.GUARD_DENIED);
  }

  @Test
  void theScenarioCodesAreTheReferenceOnes() {
    assertThat(ReasonCode.NONE.urn()).isEqualTo("urn:chio:error:none");
    assertThat(ReasonCode.SCOPE_EXCEEDED.urn()).isEqualTo("urn:chio:error:capability:scope-exceeded");
    assertThat(ReasonCode.CAPABILITY_REVOKED.urn()).isEqualTo("urn:chio:error:capability:revoked");
    assertThat(ReasonCode.GUARD_DENIED.urn()).isEqualTo("urn:chio:error:guard:denied");
    assertThat(ReasonCode.INPUT_REDACTED.urn()).isEqualTo("urn:chio:error:guard:input-redacted");
    assertThat(ReasonCode.OUTPUT_REDACTED.urn()).isEqualTo("urn:chio:error:guard:output-redacted");
    assertThat(ReasonCode.REPLAY_DETERMINISTIC_MISMATCH.urn()).isEqualTo("urn:chio:error:replay:deterministic-mismatch");
    assertThat(ReasonCode.REPLAY_TRACE_NOT_FOUND.urn()).isEqualTo("urn:chio:error:replay:trace-not-found");
  }

  /** docs/errors.md is the registry's documentation: every code, and every deny kind, is listed there. */
  @Test
  void theRegistryIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "errors.md"));
    for (ReasonCode c : ReasonCode.values()) {
      assertThat(doc).as(c.name()).contains("`" + c.urn() + "`");
    }
    for (DenyKind k : DenyKind.values()) {
      assertThat(doc).as(k.name()).contains("`" + k.code() + "`");
    }
  }
}
