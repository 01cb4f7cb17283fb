package io.chio.core.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.Json;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Hostile and malformed inputs: every one is a one-line ChioFormatException naming the field. */
class CapabilityParsingTest {

  private static ObjectNode valid() {
    return (ObjectNode) Json.parse(Fixtures.DIRECT_VECTOR);
  }

  private static ObjectNode grant(ObjectNode token) {
    return (ObjectNode) token.get("scope").get("grants").get(0);
  }

  private static void rejects(Consumer<ObjectNode> mutate, String... messageParts) {
    ObjectNode t = valid();
    mutate.accept(t);
    assertThatThrownBy(() -> CapabilityToken.fromJson(t))
        .isInstanceOf(ChioFormatException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(messageParts));
  }

  private static void rejectsText(String json, String... messageParts) {
    assertThatThrownBy(() -> CapabilityToken.parse(json))
        .isInstanceOf(ChioFormatException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(messageParts));
  }

  @Test
  void malformedJson() {
    rejectsText("", "malformed JSON");
    rejectsText("{", "malformed JSON");
    rejectsText("[]", "capability: expected a JSON object");
    rejectsText(Fixtures.DIRECT_VECTOR + " {}", "malformed JSON");
    rejectsText("{\"id\":\"a\",\"id\":\"b\"}", "malformed JSON", "Duplicate field 'id'");
    String dupNested = Fixtures.DIRECT_VECTOR.replace("\"max_invocations\":3,", "\"max_invocations\":3,\"max_invocations\":3,");
    rejectsText(dupNested, "Duplicate field 'max_invocations'");
  }

  @Test
  void wrongTypes() {
    rejects(t -> t.put("issued_at", "1710000200"), "capability.issued_at", "unsigned integer");
    rejects(t -> t.put("issued_at", 1.5), "capability.issued_at");
    rejects(t -> t.put("issuer", 7), "capability.issuer", "a string");
    rejects(t -> t.put("scope", "all"), "capability.scope", "an object");
    rejects(t -> grant(t).put("operations", "invoke"), "capability.scope.grants[0].operations", "an array");
    rejects(t -> grant(t).putArray("operations").add("launch"), "capability.scope.grants[0].operations[0]", "unknown value \"launch\"");
    rejects(t -> grant(t).put("max_invocations", -1), "capability.scope.grants[0].max_invocations");
    rejects(t -> grant(t).put("dpop_required", "yes"), "capability.scope.grants[0].dpop_required", "a boolean");
    rejects(t -> ((ObjectNode) grant(t).get("constraints").get(0)).put("value", 5), "capability.scope.grants[0].constraints[0].value", "a string");
    rejects(t -> ((ObjectNode) grant(t).get("constraints").get(0)).put("type", "custom"), "constraints[0].value", "array of strings");
    rejects(t -> grant(t).putObject("max_total_cost").put("units", 1.25).put("currency", "USD"), "grants[0].max_total_cost.units");
    rejects(t -> t.remove("subject"), "capability.subject: required field is missing");
    rejects(t -> t.put("id", ""), "capability.id: must not be empty");
  }

  @Test
  void badHexAndKeys() {
    String key = valid().get("issuer").textValue();
    rejects(t -> t.put("issuer", key.substring(1)), "capability.issuer", "odd-length hex");
    rejects(t -> t.put("issuer", key.substring(2)), "capability.issuer", "expected 32 bytes", "got 31");
    rejects(t -> t.put("subject", key + "00"), "capability.subject", "got 33");
    rejects(t -> t.put("issuer", key.toUpperCase()), "capability.issuer", "lowercase hex");
    rejects(t -> t.put("issuer", "0x" + key.substring(2)), "capability.issuer", "lowercase hex");
    rejects(t -> t.put("issuer", "zz" + key.substring(2)), "capability.issuer", "lowercase hex");
    String sig = valid().get("signature").textValue();
    rejects(t -> t.put("signature", sig.substring(2)), "capability.signature", "expected 64 bytes");
    rejects(t -> t.put("signature", sig.substring(1)), "capability.signature", "odd-length");
  }

  @Test
  void schemaAndUnknownFields() {
    rejects(t -> t.put("schema", "chio.capability.v2"), "capability.schema", "unsupported schema \"chio.capability.v2\"");
    rejects(t -> t.put("schema", 1), "capability.schema", "a string");
    rejects(t -> t.put("is_admin", true), "capability: unknown field \"is_admin\"");
    rejects(t -> grant(t).put("admin", true), "capability.scope.grants[0]: unknown field \"admin\"");
    rejects(t -> ((ObjectNode) t.get("scope")).putArray("tools"), "capability.scope: unknown field \"tools\"");
    rejects(t -> t.put("algorithm", "rsa"), "capability.algorithm", "unknown algorithm");
    rejects(
        t -> t.putArray("scope_attenuations").addObject().put("type", "grant_everything"),
        "capability.scope_attenuations[0].type", "unknown attenuation type");
    rejects(
        t -> t.putArray("caveats").addObject().put("kind", "restrict_tool").put("predicate", "x").put("sig", "ab"),
        "capability.caveats[0].sig");
    ObjectNode ok = valid();
    ok.put("schema", CapabilityToken.SCHEMA);
    assertThat(CapabilityToken.fromJson(ok).schemaOnWire()).isTrue();
  }

  @Test
  void numbersBeyondRange() {
    rejectsText(Fixtures.DIRECT_VECTOR.replace("1710000800", "18446744073709551616"), "capability.expires_at", "too large");
    rejectsText(Fixtures.DIRECT_VECTOR.replace("1710000800", "18446744073709551615"), "capability.expires_at", "too large");
    rejectsText(Fixtures.DIRECT_VECTOR.replace("1710000800", "9223372036854775808"), "capability.expires_at", "too large");
    rejectsText(Fixtures.DIRECT_VECTOR.replace("1710000800", "1e3"), "capability.expires_at");
    rejectsText(Fixtures.DIRECT_VECTOR.replace("\"max_invocations\":3", "\"max_invocations\":4294967296"), "grants[0].max_invocations", "too large (max 4294967295)");
    rejects(t -> t.put("budget_share_bps", 10_001), "capability.budget_share_bps", "above 10000");
    rejects(
        t -> grant(t).putObject("max_total_cost").put("units", new java.math.BigInteger("18446744073709551616")).put("currency", "USD"),
        "grants[0].max_total_cost.units", "too large");
    // The largest accepted value parses.
    ObjectNode max = valid();
    grant(max).put("max_invocations", 4_294_967_295L);
    assertThat(CapabilityToken.fromJson(max).scope().grants().get(0).maxInvocations()).isEqualTo(4_294_967_295L);
  }

  @Test
  void grantSpecsFromTheCommandLine() {
    assertThat(ToolGrant.fromSpec("srv-files:file_read")).isEqualTo(ToolGrant.of("srv-files", "file_read", java.util.List.of(Operation.INVOKE)));
    assertThat(ToolGrant.fromSpec("s:t:invoke,read_result,delegate").operations())
        .containsExactly(Operation.INVOKE, Operation.READ_RESULT, Operation.DELEGATE);
    assertThat(ToolGrant.fromSpec("*:*").serverId()).isEqualTo("*");
    for (String bad : new String[] {"srv", ":t", "s:", "s:t:", "s:t:launch", "s:t:invoke,,read", "a:b:c:d"}) {
      assertThatThrownBy(() -> ToolGrant.fromSpec(bad)).as(bad).isInstanceOf(ChioFormatException.class).hasMessageContaining("grant \"" + bad + "\"");
    }
  }
}
