package io.chio.core.receipt;

import static io.chio.core.receipt.Fixtures.KERNEL;
import static io.chio.core.receipt.Fixtures.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HttpReceiptTest {
  private static final ReceiptSigner SIGNER = new ReceiptSigner(KERNEL);
  private static final ReceiptVerifier VERIFIER = ReceiptVerifier.trusting(KERNEL.publicKey());

  private static final String CONTENT_HASH =
      HttpRequestHashes.contentHash(
          HttpMethod.POST, "/orders/{orderId}/refund", "/orders/42/refund", Map.of("reason", "dup", "a", "1"),
          "{\"amount\":5}".getBytes(StandardCharsets.UTF_8));

  private static HttpReceiptDraft.Builder decision(String id) {
    return HttpReceiptDraft.decisionReceipt()
        .id(id)
        .requestId("req-1")
        .route(HttpMethod.POST, "/orders/{orderId}/refund")
        .callerIdentityHash(HttpRequestHashes.callerIdentityHash("Bearer tok-123", null))
        .sessionId("sess-1")
        .verdict(HttpVerdict.allow())
        .addEvidence(GuardEvidence.pass("CapabilityGuard", "grant 0"))
        .responseStatus(200)
        .timestamp(1_700_000_000L)
        .contentHash(CONTENT_HASH)
        .policyHash("ab".repeat(32))
        .capabilityId("cap-9");
  }

  /** Values computed independently with Python's hashlib and json.dumps(sort_keys=True). */
  @Test
  void requestHashKnownAnswers() {
    assertThat(CONTENT_HASH).isEqualTo("7e058451940e595bcb62753b17a697c994c3acdfa31ec72e6fde9017816802c7");
    assertThat(HttpRequestHashes.contentHash(HttpMethod.GET, "/pets", "/pets", Map.of(), new byte[0]))
        .isEqualTo("60ace6fef4277b479c1e35bf4a4ced9fdd19aca3146895c8db704b663041c5ee");
    assertThat(HttpRequestHashes.contentHash(HttpMethod.GET, "/pets", "/pets", Map.of(), null))
        .isEqualTo("60ace6fef4277b479c1e35bf4a4ced9fdd19aca3146895c8db704b663041c5ee");
    assertThat(HttpRequestHashes.callerIdentityHash("Bearer tok-123", "key-abc")).isEqualTo("bearer:c8963414bf6c4c86");
    assertThat(HttpRequestHashes.callerIdentityHash("bearer  tok-123 ", null)).isEqualTo("bearer:c8963414bf6c4c86");
    assertThat(HttpRequestHashes.callerIdentityHash("Basic dXNlcjpwdw==", "key-abc")).isEqualTo("apikey:5f4c6d215dcdc1bd");
    assertThat(HttpRequestHashes.callerIdentityHash("Bearer ", "")).isEqualTo("anonymous");
    assertThat(HttpRequestHashes.callerIdentityHash(null, null)).isEqualTo("anonymous");
  }

  @Test
  void credentialNeverEntersTheReceipt() {
    HttpReceipt r = SIGNER.sign(decision("rcpt-1").build());
    assertThat(new String(r.canonicalBytes(), StandardCharsets.UTF_8)).doesNotContain("tok-123");
  }

  @Test
  void signsOverEveryFieldButTheSignature() {
    HttpReceipt r = SIGNER.sign(decision("rcpt-1").build());
    ObjectNode unsigned = r.toJson();
    unsigned.remove("signature");
    assertThat(r.signedBytes()).isEqualTo(CanonicalJson.bytes(unsigned));
    assertThat(KERNEL.publicKey().verify(r.signedBytes(), r.signature())).isTrue();
    HttpReceiptVerification v = VERIFIER.verify(r);
    assertThat(v.ok()).isTrue();
    assertThat(v.statusScope()).isEqualTo("decision");
    assertThat(v.toJson().get("receipt_id_valid").booleanValue()).isTrue();
    assertThat(r.toJson().get("evidence")).hasSize(1);
    assertThat(r.toJson().get("verdict")).isEqualTo(Json.parse("{\"verdict\":\"allow\"}"));
    assertThat(Receipts.detect(r.toJson())).isEqualTo(Receipts.Format.HTTP);
    assertThat(VERIFIER.verify(r.toJson())).isEqualTo(v);
  }

  @Test
  void omissionRulesAndDenyShape() {
    HttpReceipt r =
        SIGNER.sign(
            HttpReceiptDraft.builder()
                .id("rcpt-2")
                .requestId("req-2")
                .route(HttpMethod.DELETE, "/pets/{petId}")
                .callerIdentityHash("anonymous")
                .verdict(HttpVerdict.deny("no capability", "CapabilityGuard"))
                .responseStatus(403)
                .timestamp(1)
                .contentHash("00".repeat(32))
                .policyHash("11".repeat(32))
                .build());
    ObjectNode j = r.toJson();
    for (String absent : new String[] {"session_id", "evidence", "capability_id", "metadata"}) {
      assertThat(j.has(absent)).as(absent).isFalse();
    }
    assertThat(j.get("verdict")).isEqualTo(
        Json.parse("{\"verdict\":\"deny\",\"reason\":\"no capability\",\"guard\":\"CapabilityGuard\",\"http_status\":403}"));
    ObjectNode withoutStatus = (ObjectNode) j.get("verdict");
    withoutStatus.remove("http_status");
    assertThat(VERIFIER.verify(HttpReceipt.fromJson(j)).signatureValid()).as("http_status defaults to 403").isTrue();
  }

  @Test
  void decisionAndFinalPairBelongTogether() {
    HttpReceipt d = SIGNER.sign(decision("rcpt-d").build());
    HttpReceipt f = SIGNER.sign(HttpReceiptDraft.finalReceipt(d, "rcpt-f", 201, 1_700_000_003L).build());
    assertThat(f.statusScope()).contains("final");
    assertThat(f.decisionReceiptId()).contains("rcpt-d");
    assertThat(f.responseStatus()).isEqualTo(201);
    HttpReceiptPairCheck check = VERIFIER.verifyPair(d, f);
    assertThat(check.problems()).isEmpty();
    assertThat(check.ok()).isTrue();

    assertThat(VERIFIER.verifyPair(f, d).ok()).isFalse();
    HttpReceipt other = SIGNER.sign(decision("rcpt-d2").build());
    assertThat(VERIFIER.verifyPair(other, f).problems()).anyMatch(p -> p.contains("names decision receipt rcpt-d"));
    assertPairFails(d, f, b -> b.requestId("req-2"), "request_id");
    assertPairFails(d, f, b -> b.contentHash("ff".repeat(32)), "content_hash");
    assertPairFails(d, f, b -> b.route(HttpMethod.PUT, "/orders/{orderId}/refund"), "method");
    assertPairFails(d, f, b -> b.verdict(HttpVerdict.deny("late", "G")), "verdict");
    assertPairFails(d, f, b -> b.timestamp(1_600_000_000L), "older");
    HttpReceipt foreign = new ReceiptSigner(OTHER).sign(HttpReceiptDraft.finalReceipt(d, "rcpt-f", 201, 1_700_000_003L).build());
    assertThat(VERIFIER.verifyPair(d, foreign).problems()).anyMatch(p -> p.contains("kernel_key"));

    HttpReceipt denied = SIGNER.sign(decision("rcpt-x").verdict(HttpVerdict.deny("no", "G")).responseStatus(403).build());
    HttpReceipt deniedFinal = SIGNER.sign(HttpReceiptDraft.finalReceipt(denied, "rcpt-y", 200, 1_700_000_001L).build());
    assertThat(VERIFIER.verifyPair(denied, deniedFinal).problems()).anyMatch(p -> p.contains("only allowed requests are forwarded"));
  }

  private static void assertPairFails(HttpReceipt d, HttpReceipt f, UnaryOperator<HttpReceiptDraft.Builder> change, String problem) {
    HttpReceipt changed = SIGNER.sign(change.apply(f.content().toBuilder()).build());
    assertThat(VERIFIER.verify(changed).ok()).as("the changed final receipt is itself valid").isTrue();
    HttpReceiptPairCheck check = VERIFIER.verifyPair(d, changed);
    assertThat(check.ok()).isFalse();
    assertThat(check.problems()).anyMatch(p -> p.contains(problem));
  }

  @Test
  void signerRefusesMalformedScopesAndReservedKeysAreGuarded() {
    assertThatThrownBy(() -> decision("x").putMetadata(HttpReceiptDraft.STATUS_SCOPE_KEY, TextNode.valueOf("final")))
        .isInstanceOf(IllegalArgumentException.class);
    HttpReceipt d = SIGNER.sign(decision("rcpt-d").build());
    ObjectNode j = d.toJson();
    ((ObjectNode) j.get("metadata")).put(HttpReceiptDraft.STATUS_SCOPE_KEY, "final");
    HttpReceipt noDecisionId = HttpReceipt.fromJson(j);
    assertThatThrownBy(() -> SIGNER.sign(noDecisionId.content())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chio_decision_receipt_id");
    HttpReceiptVerification v = VERIFIER.verify(noDecisionId);
    assertThat(v.signatureValid()).isFalse();
    assertThat(v.scopeValid()).isFalse();
    assertThatThrownBy(() -> HttpReceiptDraft.finalReceipt(SIGNER.sign(HttpReceiptDraft.finalReceipt(d, "f", 200, 2_000_000_000L).build()), "g", 200, 2_000_000_001L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedHttpReceiptsAreFormatErrors() {
    ObjectNode j = SIGNER.sign(decision("rcpt-1").build()).toJson();
    j.put("method", "get");
    assertThatThrownBy(() -> HttpReceipt.fromJson(j)).isInstanceOf(ChioFormatException.class).hasMessageContaining("http_receipt.method");
    ObjectNode k = SIGNER.sign(decision("rcpt-1").build()).toJson();
    k.put("response_status", 70000);
    assertThatThrownBy(() -> HttpReceipt.fromJson(k)).isInstanceOf(ChioFormatException.class).hasMessageContaining("response_status");
    ObjectNode l = SIGNER.sign(decision("rcpt-1").build()).toJson();
    l.put("id", "");
    assertThatThrownBy(() -> HttpReceipt.fromJson(l)).isInstanceOf(ChioFormatException.class).hasMessageContaining("http_receipt.id");
    ObjectNode both = SIGNER.sign(decision("rcpt-1").build()).toJson();
    both.put("tool_server", "x");
    assertThatThrownBy(() -> Receipts.detect(both)).isInstanceOf(ChioFormatException.class).hasMessageContaining("cannot tell");
    assertThatThrownBy(() -> Receipts.detect(Json.parse("[]"))).isInstanceOf(ChioFormatException.class);
  }

  @Provide
  Arbitrary<HttpReceiptDraft> drafts() {
    Arbitrary<HttpVerdict> verdicts =
        Arbitraries.oneOf(
            Arbitraries.just(HttpVerdict.allow()),
            Combinators.combine(ReceiptArbitraries.text(), ReceiptArbitraries.text(), Arbitraries.integers().between(400, 599))
                .as((r, g, s) -> new HttpVerdict.Deny(r, g, s, null)),
            ReceiptArbitraries.text().map(HttpVerdict.Cancel::new),
            ReceiptArbitraries.text().map(HttpVerdict.Incomplete::new));
    return Combinators.combine(
            ReceiptArbitraries.text().filter(s -> !s.isEmpty()),
            ReceiptArbitraries.text(),
            Arbitraries.of(HttpMethod.class),
            verdicts,
            ReceiptArbitraries.evidence().list().ofMaxSize(2),
            Arbitraries.integers().between(100, 599),
            ReceiptArbitraries.text().injectNull(0.5),
            ReceiptArbitraries.json())
        .as((id, route, method, verdict, evidence, status, session, meta) ->
            HttpReceiptDraft.decisionReceipt()
                .id(id)
                .requestId("req-" + id)
                .route(method, route)
                .callerIdentityHash("anonymous")
                .sessionId(session)
                .verdict(verdict)
                .evidence(evidence)
                .responseStatus(status)
                .timestamp(1_700_000_000L)
                .contentHash("cd".repeat(32))
                .policyHash("ef".repeat(32))
                .putMetadata("extra", meta)
                .build());
  }

  @Property(tries = 30)
  void everyByteFlipOfTheCanonicalHttpReceiptIsRejected(@ForAll("drafts") HttpReceiptDraft draft) {
    HttpReceipt r = SIGNER.sign(draft);
    assertThat(VERIFIER.verify(r).ok()).isTrue();
    byte[] original = r.canonicalBytes();
    for (int i = 0; i < original.length; i++) {
      byte[] tampered = original.clone();
      tampered[i] ^= (byte) (1 + (i * 13) % 255);
      HttpReceipt parsed;
      try {
        parsed = HttpReceipt.fromCanonicalBytes(tampered);
      } catch (ChioFormatException expected) {
        continue;
      }
      assertThat(VERIFIER.verify(parsed).ok()).as("byte %d", i).isFalse();
    }
  }
}
