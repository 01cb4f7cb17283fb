package io.chio.kernel;

import static io.chio.kernel.KernelTest.READ_ARGS;
import static io.chio.kernel.KernelTest.assertVerifies;
import static io.chio.kernel.KernelTest.call;
import static io.chio.kernel.KernelTest.grant;
import static io.chio.kernel.KernelTest.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.json.Json;
import io.chio.core.receipt.RedactionMode;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guards.redaction.RedactionGuards;
import io.chio.kernel.policy.GuardProvider;
import io.chio.kernel.policy.PolicyException;
import io.chio.kernel.policy.PolicyLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Input and output redaction through the kernel: verdicts, reason codes, what the tool gets and what receipts record. */
class RedactionTest {
  static final ObjectNode SECRET_ARGS = (ObjectNode) Json.parse("{\"path\":\"/workspace/a.txt\",\"api_key\":\"s3cr3t-value\",\"nested\":[{\"Token\":\"t0k\"}]}");
  static final JsonNode OUTPUT = Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"structuredContent\":{\"api_key\":\"out-s3cr3t\"}}");

  private final KernelTest base = new KernelTest();

  RedactionTest() throws Exception {}

  private Kernel kernelWith(String guard, String action) throws PolicyException {
    return kernelWith(guard, action, "[api_key, token]");
  }

  private Kernel kernelWith(String guard, String action, String fields) throws PolicyException {
    base.policy = PolicyLoader.parse("hushspec: \"0.1.0\"\nextensions:\n  guards:\n    " + guard + ":\n      action: " + action
        + "\n      fields: " + fields + "\n", "test", RedactionGuards.withRedaction(GuardProvider.catalog()));
    return base.kernel();
  }

  private static CapabilityToken readToken() {
    return token("cap-1", grant("srv-files", "read_file"));
  }

  @Test
  void maskedInputIsAllowedAsInputRedactedAndNeitherTheToolNorAReceiptSeesTheSecret() throws Exception {
    Kernel k = kernelWith("input-redaction", "mask");
    Verdict v = k.evaluate(call(readToken(), "read_file", SECRET_ARGS).build());
    assertThat(v).isInstanceOf(Verdict.Allow.class);
    assertThat(v.reasonCode()).isEqualTo(ReasonCode.INPUT_REDACTED);
    Invocation inv = ((Verdict.Allow) v).invocation();
    assertThat(inv.inputRedacted()).isTrue();
    assertThat(inv.arguments().toString()).isEqualTo("{\"path\":\"/workspace/a.txt\",\"api_key\":\"[REDACTED]\",\"nested\":[{\"Token\":\"[REDACTED]\"}]}");
    assertVerifies(v.receipt());
    assertThat(v.receipt().parameters()).isEqualTo(inv.arguments());
    assertThat(v.receipt().redactionMode()).isEqualTo(RedactionMode.REDACTED);
    assertThat(v.receipt().metadata().orElseThrow().get("reason_code").textValue()).isEqualTo("urn:chio:error:guard:input-redacted");
    assertThat(v.receipt().evidence().toString()).doesNotContain("s3cr3t").contains("$.api_key");

    Completion done = k.complete((Verdict.Allow) v, new ToolOutcome.Success(Json.parse("{\"ok\":true}"), null));
    assertThat(done.delivered()).isTrue();
    assertThat(done.reasonCode()).isEqualTo(ReasonCode.INPUT_REDACTED);
    assertVerifies(done.receipt());
    assertThat(done.receipt().parameters().toString()).doesNotContain("s3cr3t");
    assertThat(done.receipt().redactionMode()).isEqualTo(RedactionMode.REDACTED);
  }

  @Test
  void droppedInputRemovesTheMembers() throws Exception {
    Verdict v = kernelWith("input-redaction", "drop").evaluate(call(readToken(), "read_file", SECRET_ARGS).build());
    assertThat(v.reasonCode()).isEqualTo(ReasonCode.INPUT_REDACTED);
    assertThat(((Verdict.Allow) v).invocation().arguments().toString()).isEqualTo("{\"path\":\"/workspace/a.txt\",\"nested\":[{}]}");
  }

  @Test
  void deniedInputIsAGuardDeny() throws Exception {
    Verdict v = kernelWith("input-redaction", "deny").evaluate(call(readToken(), "read_file", SECRET_ARGS).build());
    Verdict.Deny d = base.denied(v);
    assertThat(d.denyKind()).isEqualTo(DenyKind.GUARD_DENIED);
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.GUARD_DENIED);
    assertThat(d.guard()).isEqualTo("input-redaction");
  }

  @Test
  void argumentsWithoutTheFieldsAreAllowedUnchanged() throws Exception {
    Verdict v = kernelWith("input-redaction", "mask").evaluate(call(readToken(), "read_file", READ_ARGS).build());
    assertThat(v.reasonCode()).isEqualTo(ReasonCode.NONE);
    assertThat(((Verdict.Allow) v).invocation().inputRedacted()).isFalse();
    assertThat(v.receipt().redactionMode()).isEqualTo(RedactionMode.NONE);
    assertThat(v.receipt().metadata().orElseThrow().has("reason_code")).isFalse();
  }

  @Test
  void guardsAfterARedactionSeeTheRedactedArguments() throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    base.policy = TestGuards.policy("hushspec: \"0.1.0\"\n",
        new TestGuards.Scripted("mcp-tool", c -> new GuardResult.Redact(Json.object().put("path", "/workspace/b.txt"), "replaced")),
        new TestGuards.Scripted("forbidden-path", c -> {
          seen.add(c.call().arguments());
          return GuardResult.allow(c.action().toString());
        }));
    Verdict v = base.kernel().evaluate(call(readToken(), "read_file", SECRET_ARGS).build());
    assertThat(v.reasonCode()).isEqualTo(ReasonCode.INPUT_REDACTED);
    assertThat(seen).singleElement().hasToString("{\"path\":\"/workspace/b.txt\"}");
    assertThat(v.receipt().evidence().get(1).details()).contains("/workspace/b.txt");
  }

  @Test
  void maskedOutputIsDeliveredAsOutputRedacted() throws Exception {
    Kernel k = kernelWith("output-redaction", "mask");
    Verdict.Allow a = (Verdict.Allow) k.evaluate(call(readToken(), "read_file", READ_ARGS).build());
    assertThat(a.reasonCode()).isEqualTo(ReasonCode.NONE);
    Completion done = k.complete(a, new ToolOutcome.Success(OUTPUT, null));
    assertThat(done.delivered()).isTrue();
    assertThat(done.reasonCode()).isEqualTo(ReasonCode.OUTPUT_REDACTED);
    assertThat(done.output().at("/structuredContent/api_key").textValue()).isEqualTo("[REDACTED]");
    assertThat(done.receipt().redactionMode()).isEqualTo(RedactionMode.REDACTED);
    assertThat(done.receipt().metadata().orElseThrow().get("reason_code").textValue()).isEqualTo("urn:chio:error:guard:output-redacted");
    assertVerifies(done.receipt());
  }

  @Test
  void deniedOutputIsWithheldAsAGuardDeny() throws Exception {
    Kernel k = kernelWith("output-redaction", "deny");
    Verdict.Allow a = (Verdict.Allow) k.evaluate(call(readToken(), "read_file", READ_ARGS).build());
    Completion done = k.complete(a, new ToolOutcome.Success(OUTPUT, null));
    assertThat(done.delivered()).isFalse();
    assertThat(done.output()).isNull();
    assertThat(done.reasonCode()).isEqualTo(ReasonCode.GUARD_DENIED);
    assertThat(done.receipt().toJson().toString()).doesNotContain("out-s3cr3t").contains("withheld: 1 field(s) api_key");
  }

  @Test
  void aRedactionGuardWithoutFieldsRefusesToLoad() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> kernelWith("input-redaction", "mask", "[]"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("input-redaction.fields");
  }
}
