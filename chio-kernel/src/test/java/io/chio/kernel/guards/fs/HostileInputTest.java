package io.chio.kernel.guards.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ToolCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs built to make parsers and regexes go quadratic or exponential, or to exhaust the stack.
 * Each must be judged (allow or deny, never an exception) well within the time limit, which is
 * generous because a regression here is minutes or hours, not seconds.
 */
class HostileInputTest {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private static GuardResult run(Guard g, String tool, ObjectNode args) throws Exception {
    return g.evaluate(new GuardContext(ToolCall.of("srv", tool, args), ActionClassifier.classify(tool, args), List.of("/workspace"), 0));
  }

  private static GuardResult shell(String command) throws Exception {
    return run(ShellCommandGuard.create(J.objectNode()), "run_command", J.objectNode().put("command", command));
  }

  @Test
  void braceBombIsRefusedNotExpanded() {
    GuardResult r = assertTimeoutPreemptively(LIMIT, () -> shell("echo " + "{a,b}".repeat(5000)));
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("brace");
  }

  @Test
  void deeplyNestedSubstitutionsAreBounded() {
    String cmd = "echo " + "$(".repeat(20_000) + "x" + ")".repeat(20_000);
    GuardResult r = assertTimeoutPreemptively(LIMIT, () -> shell(cmd));
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void manyCommandsAreBounded() {
    GuardResult r = assertTimeoutPreemptively(LIMIT, () -> shell("true;".repeat(10_000)));
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("simple commands");
  }

  @Test
  void unclosedFunctionBodiesDoNotBacktrack() {
    assertTimeoutPreemptively(LIMIT, () -> shell("echo '" + "a(){ ".repeat(20_000) + "'"));
  }

  @Test
  void longWordsAndPathsAreCheap() {
    assertTimeoutPreemptively(LIMIT, () -> shell("cat " + "a/".repeat(200_000)));
    GuardResult r = assertTimeoutPreemptively(LIMIT, () -> run(ForbiddenPathGuard.create(J.objectNode()), "read_file", J.objectNode().put("path", "/a".repeat(500_000))));
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("longer than");
  }

  @Test
  void patchLinesBuiltForBacktrackingAreCheap() {
    String rm = "rm " + "-rf ".repeat(5_000) + "x";
    String curl = "curl ".repeat(5_000);
    String chmod = "chmod(".repeat(5_000);
    String diff = "@@ -0,0 +1,3 @@\n+" + rm + "\n+" + curl + "\n+" + chmod + "\n";
    GuardResult r = assertTimeoutPreemptively(LIMIT, () -> run(PatchIntegrityGuard.create(J.objectNode()), "apply_patch", J.objectNode().put("path", "a.sh").put("diff", diff)));
    assertThat(r).isInstanceOf(GuardResult.Allow.class);
  }

  @Test
  void codeBuiltForBacktrackingIsCheap() {
    ObjectNode cfg = J.objectNode().put("max_scan_bytes", 1 << 20);
    cfg.putArray("language_allowlist").add("python").add("javascript");
    Guard g = assertTimeoutPreemptively(LIMIT, () -> CodeExecutionGuard.create(cfg));
    String py = "x = 1\n" + "system('".repeat(30_000);
    assertTimeoutPreemptively(LIMIT, () -> run(g, "run_code", J.objectNode().put("language", "python").put("code", py)));
    String js = "import " + "a ".repeat(100_000);
    assertTimeoutPreemptively(LIMIT, () -> run(g, "run_code", J.objectNode().put("language", "javascript").put("code", js)));
    String iex = "iex " + "iwr ".repeat(50_000);
    assertTimeoutPreemptively(LIMIT, () -> run(g, "run_code", J.objectNode().put("language", "python").put("code", iex)));
  }
}
