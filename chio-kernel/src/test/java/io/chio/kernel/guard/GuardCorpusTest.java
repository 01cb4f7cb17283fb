package io.chio.kernel.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case file under {@code src/test/resources/guards/} through its guard. One file per
 * guard ({@code <guard-name>.yaml}):
 *
 * <pre>
 * guard: forbidden-path
 * config: {}                 # optional; the guard's config block
 * cases:
 *   - name: ssh private key
 *     tool: read_file
 *     server: srv-files      # optional, default srv-test
 *     arguments: {path: /home/u/.ssh/id_rsa}
 *     roots: [/workspace]    # optional filesystem roots
 *     config: {}             # optional per-case config override (replaces the file's)
 *     repeat: 1              # optional: evaluate N times on one guard instance, judge the last
 *     step_millis: 0         # optional: clock advance between repeats
 *     agent: agent-1         # optional agent id; session: optional session id
 *     amount_units: 100      # optional governed-intent amount
 *     expect: deny           # allow | deny | pending_approval (pre-invocation guards)
 *     reason_contains: .ssh  # optional
 *     output: {...}          # response guards only: the tool output
 *     expect_output: {...}   # response guards only, with expect: redacted
 * </pre>
 *
 * Response guards use {@code expect: pass | redacted | blocked}.
 */
class GuardCorpusTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final int MIN_CASES_PER_SIDE = 10;

  @TestFactory
  Stream<DynamicNode> corpus() throws Exception {
    List<DynamicNode> files = new ArrayList<>();
    for (Path file : corpusFiles()) {
      JsonNode doc = YAML.readTree(file.toFile());
      String guardName = doc.path("guard").asText();
      List<DynamicNode> cases = new ArrayList<>();
      for (JsonNode c : doc.path("cases")) {
        String name = c.path("name").asText("?");
        cases.add(DynamicTest.dynamicTest(name, () -> runCase(guardName, doc.get("config"), c)));
      }
      files.add(DynamicContainer.dynamicContainer(guardName, cases));
    }
    return files.stream();
  }

  /** Every catalog guard has a corpus with enough allow and deny cases. */
  @Test
  void everyCatalogGuardHasACorpus() throws Exception {
    List<String> missing = new ArrayList<>();
    for (String name : GuardCatalog.names()) {
      Path file = dir().resolve(name + ".yaml");
      if (!Files.exists(file)) {
        missing.add(name + " (no file)");
        continue;
      }
      JsonNode doc = YAML.readTree(file.toFile());
      long allow = 0;
      long deny = 0;
      for (JsonNode c : doc.path("cases")) {
        String e = c.path("expect").asText();
        if (e.equals("allow") || e.equals("pass")) {
          allow++;
        } else {
          deny++;
        }
      }
      if (allow < MIN_CASES_PER_SIDE || deny < MIN_CASES_PER_SIDE) {
        missing.add(name + " (" + allow + " allow, " + deny + " deny)");
      }
    }
    assertThat(missing).as("guards without a full corpus").isEmpty();
  }

  private static void runCase(String guardName, JsonNode fileConfig, JsonNode c) throws Exception {
    JsonNode config = c.has("config") ? c.get("config") : fileConfig;
    Object guard = GuardCatalog.create(guardName, config);
    ObjectNode args = c.has("arguments") ? (ObjectNode) c.get("arguments") : JsonNodeFactory.instance.objectNode();
    String tool = c.path("tool").asText("tool");
    ToolCall call = new ToolCall("req-1", c.path("server").asText("srv-test"), tool, c.path("agent").asText("agent-1"),
        c.hasNonNull("session") ? c.get("session").asText() : null, "cap-1", 0, args,
        c.hasNonNull("amount_units") ? c.get("amount_units").asLong() : null, c.get("annotations"));
    List<String> roots = new ArrayList<>();
    c.path("roots").forEach(r -> roots.add(r.asText()));
    String expect = c.path("expect").asText();

    ToolAction action;
    try {
      action = ActionClassifier.classify(tool, args);
    } catch (MalformedArgumentException e) {
      assertThat(expect).as("malformed arguments are always a deny: " + e.getMessage()).isEqualTo("deny");
      return;
    }
    int repeat = c.path("repeat").asInt(1);
    long step = c.path("step_millis").asLong(0);
    long now = 1_710_000_000_000L;

    if (guard instanceof Guard g) {
      GuardResult result = null;
      for (int i = 0; i < repeat; i++) {
        result = g.evaluate(new GuardContext(call, action, roots, now));
        now += step;
      }
      String got = result instanceof GuardResult.Allow ? "allow" : result instanceof GuardResult.Deny ? "deny" : "pending_approval";
      assertThat(got).as("verdict (%s)", result).isEqualTo(expect);
      if (c.has("reason_contains") && result instanceof GuardResult.Deny d) {
        assertThat(d.reason() + " " + d.details()).contains(c.get("reason_contains").asText());
      }
    } else if (guard instanceof ResponseGuard rg) {
      ResponseVerdict v = rg.inspect(new GuardContext(call, action, roots, now), c.get("output"));
      String got = v instanceof ResponseVerdict.Pass ? "pass" : v instanceof ResponseVerdict.Redacted ? "redacted" : "blocked";
      assertThat(got).as("verdict (%s)", v).isEqualTo(expect);
      if (c.has("expect_output") && v instanceof ResponseVerdict.Redacted r) {
        assertThat(r.output()).isEqualTo(c.get("expect_output"));
      }
    } else {
      fail("catalog returned neither a Guard nor a ResponseGuard for " + guardName);
    }
  }

  private static List<Path> corpusFiles() throws IOException, URISyntaxException {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static Path dir() throws URISyntaxException {
    return Path.of(GuardCorpusTest.class.getResource("/guards").toURI());
  }

}
