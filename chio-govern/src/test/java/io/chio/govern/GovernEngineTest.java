package io.chio.govern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GovernEngineTest {
  private static GovernResponse call(GovernEngine e, String json) {
    return e.handle(json.getBytes(StandardCharsets.UTF_8));
  }

  private static GovernPolicy policy(String yaml) {
    return GovernPolicy.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void policyDecidesPerType() {
    GovernEngine e = TestEngines.engine(policy("govern: \"0.1\"\nactions: {email: allow, ssn: redact, credit_card: block}\n"));
    JsonNode allow = call(e, "{\"payload\":{\"m\":\"write to jane@example.com\"}}").body();
    assertThat(allow.get("decision").asText()).isEqualTo("allow");
    assertThat(allow.at("/modified_payload/m").asText()).isEqualTo("write to jane@example.com");
    assertThat(allow.at("/pii_found/0/redacted").asBoolean()).isFalse();
    JsonNode modify = call(e, "{\"payload\":{\"a\":[\"ssn 219-09-9999\"],\"b\":\"ok\"}}").body();
    assertThat(modify.get("decision").asText()).isEqualTo("modify");
    assertThat(modify.at("/modified_payload/a/0").asText()).isEqualTo("ssn [SSN_REDACTED]");
    assertThat(modify.get("violations").toString()).contains("ssn redacted at /a/0");
    JsonNode block = call(e, "{\"payload\":{\"card\":\"4111 1111 1111 1111\",\"ssn\":\"219-09-9999\"}}").body();
    assertThat(block.get("decision").asText()).isEqualTo("block");
    assertThat(block.get("modified_payload").isNull()).isTrue();
    assertThat(block.at("/receipt/decision/reason").asText()).isEqualTo("payload contains credit_card (blocked by policy)");
  }

  @Test
  void everyDecisionHasAVerifiableReceiptWithoutThePii() {
    List<ChioReceipt> sink = new ArrayList<>();
    GovernEngine e = TestEngines.engine(GovernPolicy.defaults(), sink);
    call(e, "{\"payload\":{\"m\":\"mail jane@example.com, ssn 219-09-9999\"},\"agent_id\":\"agent-7\"}");
    call(e, "{not json");
    assertThat(sink).hasSize(2);
    ReceiptVerifier v = ReceiptVerifier.trusting(TestEngines.KEY.publicKey());
    for (ChioReceipt r : sink) {
      assertThat(v.verify(r).ok()).isTrue();
      assertThat(r.toJson().toString()).doesNotContain("jane").doesNotContain("9999");
    }
    assertThat(sink.get(0).parameters().get("agent_id").asText()).isEqualTo("agent-7");
    assertThat(sink.get(0).parameters().at("/pii_types/email").asInt()).isEqualTo(1);
    assertThat(sink.get(1).decision().orElseThrow().verdict()).isEqualTo("deny");
  }

  @Test
  void withAnOperatorKeyReceiptsCarryKeyedDigestsOnly() {
    List<ChioReceipt> plain = new ArrayList<>();
    List<ChioReceipt> keyed = new ArrayList<>();
    String req = "{\"payload\":{\"message\":\"My SSN is 123-45-6789\"}}";
    call(TestEngines.engine(GovernPolicy.defaults(), plain), req);
    call(TestEngines.engine(policy("govern: \"0.1\"\nredaction_key_hex: \"" + "5a".repeat(32) + "\"\n"), keyed), req);
    String sha = plain.get(0).parameters().get("payload_sha256").asText();
    assertThat(sha).isEqualTo(io.chio.core.crypto.Sha256.hex(io.chio.core.json.CanonicalJson.bytes(
        io.chio.core.json.Json.parse("{\"message\":\"My SSN is 123-45-6789\"}"))));
    JsonNode params = keyed.get(0).parameters();
    assertThat(params.has("payload_sha256")).isFalse();
    assertThat(params.get("payload_hmac_sha256").asText()).hasSize(64).isNotEqualTo(sha);
    assertThat(keyed.get(0).contentHash()).isNotEqualTo(plain.get(0).contentHash());
    assertThat(ReceiptVerifier.trusting(TestEngines.KEY.publicKey()).verify(keyed.get(0)).ok()).isTrue();
  }

  @Test
  void redactionStrategiesPerType() {
    GovernEngine e = TestEngines.engine(policy("govern: \"0.1\"\nredaction: mask\nredaction_by_type: {credit_card: partial, email: hash, ssn: drop}\n"
        + "redaction_key_hex: \"" + "ab".repeat(32) + "\"\n"));
    JsonNode r = call(e, "{\"action\":\"redact\",\"text\":\"card 4111-1111-1111-1111 ssn 219-09-9999 mail a@example.com again a@example.com ip +44 20 7946 0958\"}").body();
    String red = r.get("redacted").asText();
    assertThat(red).startsWith("card ****-****-****-1111 ssn  mail [EMAIL_");
    String token = red.substring(red.indexOf("[EMAIL_"), red.indexOf(']', red.indexOf("[EMAIL_")) + 1);
    assertThat(red.indexOf(token, red.indexOf(token) + 1)).as("same value -> same token").isPositive();
    assertThat(red).endsWith("ip +** ** **** ****");
    assertThat(r.get("matches")).hasSize(5);
    assertThat(r.toString()).doesNotContain("4111-1111").doesNotContain("a@example.com");
    assertThatThrownBy(() -> policy("govern: \"0.1\"\nredaction: hash\n")).hasMessageContaining("needs a redaction key");
  }

  @Test
  void batchSummarises() {
    GovernEngine e = TestEngines.engine(policy("govern: \"0.1\"\nactions: {ssn: block}\n"));
    JsonNode r = call(e, "{\"action\":\"batch\",\"requests\":[{\"payload\":{\"m\":\"hi\"}},{\"payload\":{\"m\":\"a@example.com\"}},"
        + "{\"payload\":{\"m\":\"219-09-9999\"}},{\"nope\":1}]}").body();
    assertThat(r.get("processed").asInt()).isEqualTo(4);
    assertThat(r.get("summary").toString()).isEqualTo("{\"allowed\":1,\"blocked\":2,\"modified\":1}");
    assertThat(r.at("/results/3/success").asBoolean()).isFalse();
    assertThat(r.at("/results/3/decision").asText()).isEqualTo("block");
    assertThat(r.at("/results/1/receipt_id").asText()).hasSize(64);
    GovernResponse tooMany = call(TestEngines.engine(policy("govern: \"0.1\"\nlimits: {max_batch: 2}\n")),
        "{\"action\":\"batch\",\"requests\":[{\"payload\":1},{\"payload\":2},{\"payload\":3}]}");
    assertThat(tooMany.status()).isEqualTo(413);
  }

  @Test
  void badInputIsAClearBlockNeverAPassThrough() {
    GovernEngine e = TestEngines.engine(GovernPolicy.defaults());
    byte[] tenMb = ("{\"payload\":{\"m\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8);
    GovernResponse big = e.handle(tenMb);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.body().get("error").asText()).isEqualTo("payload too large: 10485780 bytes exceeds the limit of 1048576 (limits.max_payload_bytes)");
    assertThat(big.body().get("decision").asText()).isEqualTo("block");

    GovernResponse latin1 = e.handle(new byte[] {'{', '"', 'p', '"', ':', '"', (byte) 0xe9, '"', '}'});
    assertThat(latin1.status()).isEqualTo(400);
    assertThat(latin1.body().get("error").asText()).isEqualTo("request body is not valid UTF-8");

    String deep = "{\"payload\":" + "[".repeat(100) + "]".repeat(100) + "}";
    GovernResponse d = call(e, deep);
    assertThat(d.status()).isEqualTo(400);
    assertThat(d.body().get("error").asText()).isEqualTo("JSON nested deeper than 64 levels (limits.max_depth)");

    assertThat(call(e, "{\"action\":\"evaluate\"}").body().get("error").asText()).isEqualTo("Missing payload for evaluate action");
    assertThat(call(e, "[1,2]").status()).isEqualTo(400);
    assertThat(call(e, "").body().get("error").asText()).isEqualTo("Invalid JSON body");
    for (GovernResponse r : List.of(big, latin1, d)) {
      assertThat(r.body().get("receipt_id").asText()).hasSize(64);
      assertThat(r.body().at("/receipt/decision/verdict").asText()).isEqualTo("deny");
    }
  }

  @Test
  void largeHostileButAllowedPayloadFinishesInBoundedTime() {
    GovernEngine e = TestEngines.engine(policy("govern: \"0.1\"\nlimits: {max_payload_bytes: 3000000}\n"));
    // digit runs with separators wake every numeric rule at every position: the worst case for the scanner
    String hostile = "4 ".repeat(500_000) + "1-".repeat(500_000) + "a:".repeat(250_000);
    byte[] body = ("{\"payload\":{\"m\":\"" + hostile + "\"}}").getBytes(StandardCharsets.UTF_8);
    assertThat(body.length).isGreaterThan(2_000_000);
    GovernResponse r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> e.handle(body));
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void policyErrorsNameTheKey() {
    assertThatThrownBy(() -> policy("govern: \"0.1\"\nactoins: {}\n")).hasMessageContaining("unknown key \"actoins\"");
    assertThatThrownBy(() -> policy("govern: \"0.1\"\nactions: {sssn: block}\n")).hasMessageContaining("actions: unknown PII type \"sssn\"");
    assertThatThrownBy(() -> policy("govern: \"0.1\"\nlimits: {max_depth: 0}\n")).hasMessageContaining("max_depth in 1..256");
    assertThatThrownBy(() -> policy("govern: \"0.2\"\n")).hasMessageContaining("\"govern\" must be \"0.1\"");
    assertThatThrownBy(() -> policy("govern: [\n")).hasMessageContaining("line");
    assertThatThrownBy(() -> policy("govern: \"0.1\"\nregions: [mars]\n")).hasMessageContaining("unknown region \"mars\"");
    GovernPolicy withKey = policy("govern: \"0.1\"\nredaction_key_hex: \"" + "cd".repeat(32) + "\"\n");
    assertThat(withKey.toString()).doesNotContain("cdcd");
  }

  @Test
  void healthListsTypesAndTheKernelKey() {
    JsonNode h = call(TestEngines.engine(GovernPolicy.defaults()), "{\"action\":\"health\"}").body();
    assertThat(h.get("status").asText()).isEqualTo("healthy");
    assertThat(h.get("kernel_key").asText()).isEqualTo(TestEngines.KEY.publicKey().toHex());
    assertThat(h.get("types").size()).isGreaterThanOrEqualTo(30);
  }

}
