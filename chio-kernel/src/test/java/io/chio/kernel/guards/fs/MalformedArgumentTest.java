package io.chio.kernel.guards.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A path argument of the wrong type is a deny whose reason names the field, never an allow. */
class MalformedArgumentTest {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;

  private static GuardResult run(Guard g, String tool, ObjectNode args) throws Exception {
    return g.evaluate(new GuardContext(ToolCall.of("srv", tool, args), ActionClassifier.classify(tool, args), List.of("/workspace"), 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "true", "[\"/etc/shadow\"]", "{\"p\": \"/etc/shadow\"}"})
  void nonStringPathIsRejectedNamingTheField(String json) throws Exception {
    JsonNode bad = io.chio.core.json.Json.parse(json);
    ObjectNode args = J.objectNode().set("path", bad);
    // The kernel classifies once, before any guard: the classifier refuses and the kernel denies with this message.
    assertThatThrownBy(() -> ActionClassifier.classify("read_file", args))
        .isInstanceOf(MalformedArgumentException.class)
        .hasMessageContaining("\"path\"")
        .satisfies(e -> assertThat(((MalformedArgumentException) e).field()).isEqualTo("path"));
  }

  @Test
  void nonStringExtraPathKeysAreDeniedByTheGuards() throws Exception {
    ObjectNode copy = J.objectNode().put("source", "/workspace/a.txt").put("destination", 7);
    GuardResult r = run(ForbiddenPathGuard.create(J.objectNode()), "copy_file", copy);
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("\"destination\"").contains("an integer");

    ObjectNode list = J.objectNode();
    list.putArray("paths").add("/workspace/a.txt").addObject();
    GuardResult r2 = run(PathAllowlistGuard.create(J.objectNode().put("enabled", true)), "read_multiple_files", list);
    assertThat(r2).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r2).reason()).contains("paths[1]");
  }

  @Test
  void nonStringCwdIsDeniedByShellCommand() throws Exception {
    ObjectNode args = J.objectNode().put("command", "ls").put("cwd", 1);
    GuardResult r = run(ShellCommandGuard.create(J.objectNode()), "run_command", args);
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("\"cwd\"");
  }

  @Test
  void nonIntegerTimeoutIsDeniedByCodeExecution() throws Exception {
    ObjectNode args = J.objectNode().put("language", "python").put("code", "print(1)").put("timeout_ms", "5000");
    GuardResult r = run(CodeExecutionGuard.create(J.objectNode()), "run_code", args);
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("timeout_ms");
  }
}
