package io.chio.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.lambda.fakes.MemorySink;
import io.chio.lambda.policy.LambdaPolicyLoader;
import io.chio.lambda.sink.SyncSinkLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeedHex("41".repeat(32));
  static final Ed25519SigningKey ISSUER = Ed25519SigningKey.fromSeedHex("42".repeat(32));
  static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeedHex("43".repeat(32));
  static final long NOW = 1_765_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  static Evaluator evaluator(String policy, MemorySink sink) throws Exception {
    return Evaluator.create(LambdaPolicyLoader.parse(policy.getBytes(StandardCharsets.UTF_8), "p.yaml"), KERNEL, Set.of(ISSUER.publicKey()),
        Set.of(), "tools-fn", new SyncSinkLog(sink), CLOCK);
  }

  static int seq;

  /** Each call its own request id, as the extension numbers them (receipts of identical calls then differ). */
  static EvaluateRequest call(String tool, String identity, byte[] capability) {
    return new EvaluateRequest(tool, List.of(), Json.object(), identity, capability, "req#" + ++seq);
  }

  @Test
  void rateLimitIsPerIdentity() throws Exception {
    Evaluator ev = evaluator("policy:\n  rules:\n    - tool: search\n      guards: [{\"rate-limit\": {\"max_requests\": 2, \"window_secs\": 60}}]\n",
        new MemorySink());
    assertThat(ev.evaluate(call("search", "alice", null)).denied()).isFalse();
    assertThat(ev.evaluate(call("search", "alice", null)).denied()).isFalse();
    LambdaDecision third = ev.evaluate(call("search", "alice", null));
    assertThat(third.denied()).isTrue();
    assertThat(third.reason()).contains("rate limit");
    assertThat(ev.evaluate(call("search", "bob", null)).denied()).isFalse();
    // Anonymous callers share one bucket rather than escaping the limit.
    ev.evaluate(call("search", null, null));
    ev.evaluate(call("search", null, null));
    assertThat(ev.evaluate(call("search", null, null)).denied()).isTrue();
  }

  @Test
  void presentedCapabilityMustGrantTheToolOnThisServer() throws Exception {
    MemorySink sink = new MemorySink();
    Evaluator ev = evaluator("policy:\n  default: allow\n  rules:\n    - tool: search\n", sink);
    byte[] search = CapabilityToken.issue(ISSUER, "cap-s", AGENT.publicKey(),
        Scope.ofTools(List.of(ToolGrant.of("tools-fn", "search", List.of(Operation.INVOKE)))), NOW - 10, NOW + 600).canonicalBytes();
    byte[] otherServer = CapabilityToken.issue(ISSUER, "cap-o", AGENT.publicKey(),
        Scope.ofTools(List.of(ToolGrant.of("elsewhere", "search", List.of(Operation.INVOKE)))), NOW - 10, NOW + 600).canonicalBytes();
    byte[] expired = CapabilityToken.issue(ISSUER, "cap-e", AGENT.publicKey(),
        Scope.ofTools(List.of(ToolGrant.of("tools-fn", "search", List.of(Operation.INVOKE)))), NOW - 600, NOW - 10).canonicalBytes();
    LambdaDecision ok = ev.evaluate(call("search", "alice", search));
    assertThat(ok.denied()).as(ok.reason()).isFalse();
    assertThat(ok.receipt().capabilityId()).isEqualTo("cap-s");
    assertThat(ev.evaluate(call("search", "alice", otherServer)).guard()).isEqualTo("scope");
    assertThat(ev.evaluate(call("search", "alice", expired)).reason()).contains("expired");
    // default: allow lets a tool without a rule through the default kernel, under the session capability.
    assertThat(ev.evaluate(call("unlisted", "alice", null)).denied()).isFalse();
    // The default-on kernel guards still run: a forbidden path is denied whatever the policy says.
    EvaluateRequest secret = new EvaluateRequest("read_file", List.of(), (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
        "{\"path\":\"/home/u/.ssh/id_rsa\"}"), "alice", null, "req#2");
    assertThat(ev.evaluate(secret).denied()).isTrue();
    ReceiptVerifier verifier = ReceiptVerifier.trusting(KERNEL.publicKey());
    assertThat(sink.stored()).isNotEmpty().allSatisfy(r -> assertThat(verifier.verify(ChioReceipt.parse(r.canonicalJson())).ok()).isTrue());
  }

  @Test
  void recordClosesOnceAndShutdownCancelsTheRest() throws Exception {
    MemorySink sink = new MemorySink();
    Evaluator ev = evaluator("policy:\n  rules:\n    - tool: search\n", sink);
    LambdaDecision a = ev.evaluate(call("search", "alice", null));
    LambdaDecision b = ev.evaluate(call("search", "alice", null));
    var rec = ev.record(a.receiptId(), "c".repeat(64), null).orElseThrow();
    assertThat(rec.decision()).isEqualTo("allow");
    assertThat(ev.record(a.receiptId(), "c".repeat(64), null)).isEmpty();
    assertThat(ev.cancelPending("shutdown")).isEqualTo(1);
    assertThat(ev.record(b.receiptId(), "c".repeat(64), null)).isEmpty();
    ChioReceipt last = ChioReceipt.parse(sink.stored().get(sink.stored().size() - 1).canonicalJson());
    assertThat(last.decision().orElseThrow().verdict()).isEqualTo("cancelled");
  }
}
