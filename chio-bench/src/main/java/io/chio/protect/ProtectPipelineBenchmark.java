package io.chio.protect;

import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.CapabilityVerifier;
import io.chio.core.capability.Operation;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.HttpMethod;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.HttpReceiptDraft;
import io.chio.protect.route.MalformedRequestException;
import io.chio.protect.route.RequestTarget;
import io.chio.protect.route.SpecLoader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What chio itself spends on one allowed call, without the network: parse the target, evaluate
 * (cached capability, scope, budget), sign and log the decision and the final receipt. Compare with
 * {@code Ed25519Benchmark.sign}: two signatures are the floor.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ProtectPipelineBenchmark {
  private HttpAuthority authority;
  private ReceiptIssuer issuer;
  private String capability;
  private final byte[] body = "{\"amount_cents\": 4200}".getBytes(StandardCharsets.UTF_8);
  private final String policyHash = "0".repeat(64);

  @Setup
  public void setup() throws Exception {
    Ed25519SigningKey kernel = Ed25519SigningKey.generate(new SecureRandom());
    String spec =
        "openapi: 3.0.3\ninfo: {title: Orders API, version: '1'}\npaths:\n  /orders/{orderId}/refund:\n    post:\n"
            + "      x-chio-budget-limit: 50000\n      responses: {'200': {description: ok}}\n";
    ProtectConfig config =
        ProtectConfig.builder().upstream(URI.create("http://127.0.0.1:1")).spec(SpecLoader.load(spec, "bench"))
            .kernelKey(kernel).receiptLog(new InMemoryReceiptLog(10_000), null).build();
    authority =
        new HttpAuthority(
            config.serverId(), config.spec().routeTable(""), new CapabilityVerifier(config.trustedIssuers(), 8),
            config.budgetStore(), null, new HttpApprovals(new SecureRandom(), 60, 16));
    issuer = new ReceiptIssuer(kernel, config.receiptLog(), config.serverId());
    long now = System.currentTimeMillis() / 1000;
    CapabilityToken token =
        CapabilityToken.issue(
            kernel, "cap-bench", kernel.publicKey(),
            io.chio.core.capability.Scope.ofTools(List.of(ToolGrant.of("orders-api", "POST /orders/*/refund", List.of(Operation.INVOKE)))), now - 60,
            now + 86_400);
    capability = Json.mapper().writeValueAsString(token.toJson());
  }

  private Evaluation evaluate() throws MalformedRequestException {
    RequestTarget t = RequestTarget.parse("/orders/ord-42/refund", null);
    return authority.evaluate(
        new HttpCall(HttpMethod.POST, t, "anonymous", body, List.of(capability), null, null), System.currentTimeMillis() / 1000,
        false);
  }

  @Benchmark
  public Evaluation evaluateOnly() throws MalformedRequestException {
    return evaluate();
  }

  @Benchmark
  public HttpReceipt evaluateAndSignBothReceipts() throws Exception {
    Evaluation ev = evaluate();
    long now = System.currentTimeMillis();
    HttpReceipt decision =
        issuer.issue(
            HttpReceiptDraft.decisionReceipt()
                .id(ReceiptIssuer.newId(now)).requestId(ReceiptIssuer.newId(now)).route(ev.method(), ev.routePattern())
                .callerIdentityHash(ev.callerIdentityHash()).verdict(io.chio.core.receipt.HttpVerdict.allow())
                .evidence(ev.evidence()).responseStatus(200).timestamp(now / 1000).contentHash(ev.contentHash())
                .policyHash(policyHash).capabilityId(ev.capabilityId()).build(),
            ev.subjectHex(), null);
    return issuer.issue(HttpReceiptDraft.finalReceipt(decision, ReceiptIssuer.newId(now), 200, now / 1000).build(), ev.subjectHex(), 0L);
  }
}
