package io.chio.core.receipt;

import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Receipt signing against a bare Ed25519 sign of the very message the receipt signs. Goal: {@code
 * sign} within 1.2x of {@code bareEd25519Sign} (one receipt per tool call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReceiptSignBenchmark {
  private Ed25519SigningKey key;
  private ReceiptSigner signer;
  private ReceiptVerifier verifier;
  private ReceiptDraft draft;
  private ChioReceipt receipt;
  private byte[] signedMessage;

  @Setup
  public void setup() {
    key = Ed25519SigningKey.fromSeed(new byte[32]);
    signer = new ReceiptSigner(key);
    verifier = ReceiptVerifier.trusting(key.publicKey());
    draft =
        ReceiptDraft.mediated(Decision.allow())
            .timestamp(1_710_000_200L)
            .capabilityId("cap-bindings-001")
            .tool("srv-files", "file_read")
            .parameters(Json.parse("{\"path\":\"/workspace/docs/roadmap.md\",\"mode\":\"read\"}"))
            .toolOutput(Json.parse("{\"ok\":true,\"bytes\":1832}"))
            .policyHash("policy-bindings-v1")
            .addEvidence(GuardEvidence.pass("ForbiddenPathGuard", "path allowed"))
            .addEvidence(GuardEvidence.pass("SecretLeakGuard", "no secrets detected"))
            .metadata(Json.parse("{\"surface\":\"mcp\",\"version\":1}"))
            .build();
    receipt = signer.sign(draft);
    signedMessage =
        ("{\"body\":" + new String(receipt.bodyCanonicalBytes(), StandardCharsets.UTF_8) + ",\"id\":\"" + receipt.id() + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    if (!key.publicKey().verify(signedMessage, receipt.ed25519Signature().orElseThrow())) {
      throw new IllegalStateException("benchmark message is not the message the receipt signs");
    }
  }

  @Benchmark
  public Ed25519Signature bareEd25519Sign() {
    return key.sign(signedMessage);
  }

  /** Parameter hash, body canonicalisation, id, signature and the stored canonical form. */
  @Benchmark
  public ChioReceipt sign() {
    return signer.sign(draft);
  }

  @Benchmark
  public ReceiptVerification verify() {
    return verifier.verify(receipt);
  }
}
