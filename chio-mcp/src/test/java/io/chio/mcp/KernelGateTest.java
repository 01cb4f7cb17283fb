package io.chio.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerification;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.core.receipt.RedactionMode;
import io.chio.kernel.Kernel;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.PolicyLoader;
import io.chio.kernel.store.InMemoryReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The relay with the real kernel: decisions come from the shipped policies, every call leaves
 * receipts that verify, and calls that fail, time out or are cancelled are recorded as such.
 */
class KernelGateTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Ed25519SigningKey authority = Ed25519SigningKey.generate(RANDOM);
  private final InMemoryReceiptLog log = new InMemoryReceiptLog();

  private static Path policies() {
    Path p = Path.of("../policies");
    return Files.isDirectory(p) ? p : Path.of("policies");
  }

  private KernelGate gate(String policyFile) throws Exception {
    CompiledPolicy policy = PolicyLoader.load(policies().resolve(policyFile));
    Kernel kernel = Kernel.builder().signingKey(authority).trustedIssuers(Set.of(authority.publicKey())).policy(policy)
        .receiptLog(log).random(RANDOM).build();
    long now = System.currentTimeMillis() / 1000;
    CapabilityToken cap = CapabilityToken.issue(authority, "cap-test", Ed25519SigningKey.generate(RANDOM).publicKey(),
        policy.defaultScope("srv-fake"), now - 5, now + 3600);
    return new KernelGate(kernel, "srv-fake", cap, "session-1");
  }

  private static RelayConfig config(Duration timeout) {
    return RelayConfig.of(List.of(Peers.node(), Peers.script("fake-server.mjs").toString())).withRequestTimeout(timeout);
  }

  private List<ChioReceipt> receipts() {
    List<ChioReceipt> out = new ArrayList<>();
    for (ReceiptRecord r : log.records()) {
      ChioReceipt receipt = ChioReceipt.fromCanonicalBytes(r.canonicalJson());
      ReceiptVerification v = ReceiptVerifier.trusting(authority.publicKey()).verify(receipt);
      assertThat(v.ok()).as("receipt %s verifies: %s", receipt.id(), v.problems()).isTrue();
      out.add(receipt);
    }
    return out;
  }

  private ChioReceipt last() {
    List<ChioReceipt> all = receipts();
    return all.get(all.size() - 1);
  }

  @Test
  void readOnlyPolicyHidesAndDeniesWritesWithASignedDenyReceipt() throws Exception {
    try (RelayHarness h = new RelayHarness(config(Duration.ofSeconds(20)), gate("read-only.yaml"))) {
      h.initialize();
      h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
      List<String> names = new ArrayList<>();
      h.nextResponse().path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
      assertThat(names).isEmpty();

      JsonNode r = h.call(2, "write_file", "{\"path\":\"/tmp/x\",\"content\":\"y\"}");
      assertThat(r.path("result").path("isError").asBoolean()).isTrue();
      ChioReceipt deny = last();
      assertThat(deny.decision().orElseThrow().verdict()).isEqualTo("deny");
      assertThat(deny.toolServer()).isEqualTo("srv-fake");
      assertThat(deny.toolName()).isEqualTo("write_file");
      assertThat(r.path("result").path("_meta").path("chio/receipt_id").asText()).isEqualTo(deny.id());
      // The server's hints are evidence in the receipt.
      assertThat(deny.metadata().orElseThrow().path("tool_hints").path("destructiveHint").asBoolean()).isTrue();
      assertThat(log.records()).hasSize(1);
    }
  }

  @Test
  void anAllowedCallIsRecordedTwiceWithTheDeliveredOutputHashedAfterItReturns() throws Exception {
    try (RelayHarness h = new RelayHarness(config(Duration.ofSeconds(20)), gate("default.yaml"))) {
      h.initialize();
      JsonNode r = h.call(1, "echo", "{\"text\":\"hi\"}");
      List<ChioReceipt> all = receipts();
      assertThat(all).hasSize(2);
      assertThat(all.get(0).decision().orElseThrow().verdict()).isEqualTo("allow");
      ChioReceipt fin = all.get(1);
      assertThat(fin.decision().orElseThrow().verdict()).isEqualTo("allow");
      assertThat(fin.contentHash()).isEqualTo(Sha256.hex(CanonicalJson.bytes(r.get("result"))));
      assertThat(fin.metadata().orElseThrow().path("decision_receipt_id").asText()).isEqualTo(all.get(0).id());
      assertThat(fin.metadata().orElseThrow().path("tool_hints").path("readOnlyHint").asBoolean()).isTrue();
    }
  }

  @Test
  void responseSanitizationRedactsSecretsInToolOutputBeforeTheClientSeesThem() throws Exception {
    try (RelayHarness h = new RelayHarness(config(Duration.ofSeconds(20)), gate("default.yaml"))) {
      h.initialize();
      JsonNode r = h.call(1, "secret", "{}");
      String text = r.path("result").path("content").path(0).path("text").asText();
      assertThat(text).doesNotContain("AKIAQ3EGRKLX7MZP4TWN").doesNotContain("alice.smith").contains("[AWS_ACCESS_KEY_REDACTED]");
      ChioReceipt fin = last();
      assertThat(fin.redactionMode()).isEqualTo(RedactionMode.REDACTED);
      assertThat(fin.contentHash()).isEqualTo(Sha256.hex(CanonicalJson.bytes(r.get("result"))));
    }
  }

  @Test
  void aForbiddenPathIsDeniedBeforeTheServerSeesIt() throws Exception {
    try (RelayHarness h = new RelayHarness(config(Duration.ofSeconds(20)), gate("default.yaml"))) {
      h.initialize();
      JsonNode r = h.call(1, "echo", "{\"path\":\"/home/agent/.ssh/id_rsa\"}");
      assertThat(r.path("result").path("isError").asBoolean()).isTrue();
      ChioReceipt deny = last();
      assertThat(deny.decision().orElseThrow().verdict()).isEqualTo("deny");
      assertThat(deny.toJson().toString()).contains("forbidden-path");
    }
  }

  @Test
  void aCrashMidCallLeavesAnIncompleteReceipt() throws Exception {
    RelayHarness h = new RelayHarness(config(Duration.ofSeconds(20)), gate("default.yaml"));
    h.initialize();
    assertThat(h.call(1, "crash", "{}").path("error").path("code").asInt()).isEqualTo(JsonRpc.SERVER_FAILED);
    assertThat(h.relay.ended().get(10, TimeUnit.SECONDS)).isEqualTo(1);
    ChioReceipt fin = last();
    assertThat(fin.decision().orElseThrow().verdict()).isEqualTo("incomplete");
    assertThat(fin.toJson().toString()).contains("exited (code 3)");
  }

  @Test
  void aServerErrorAndATimeoutLeaveIncompleteReceipts() throws Exception {
    try (RelayHarness h = new RelayHarness(config(Duration.ofMillis(800)), gate("default.yaml"))) {
      h.initialize();
      h.call(1, "fail", "{}");
      assertThat(last().decision().orElseThrow().verdict()).isEqualTo("incomplete");
      assertThat(h.call(2, "hang", "{}").path("error").path("code").asInt()).isEqualTo(JsonRpc.REQUEST_TIMEOUT);
      assertThat(last().decision().orElseThrow().verdict()).isEqualTo("incomplete");
      assertThat(last().toJson().toString()).contains("timed out");
    }
  }

  @Test
  void cancellationAndDisconnectLeaveCancelledReceipts() throws Exception {
    RelayHarness h = new RelayHarness(config(Duration.ofSeconds(20)), gate("default.yaml"));
    h.initialize();
    h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}");
    waitForRecords(1);
    h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1,\"reason\":\"user\"}}");
    waitForRecords(2);
    assertThat(last().decision().orElseThrow().verdict()).isEqualTo("cancelled");
    h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}");
    waitForRecords(3);
    long pid = h.relay.serverPid();
    h.relay.onClientFrame(new FrameReader.Frame.End());
    assertThat(h.relay.ended().get(10, TimeUnit.SECONDS)).isZero();
    assertThat(ProcessHandle.of(pid)).isEmpty();
    assertThat(log.records()).hasSize(4);
    assertThat(last().decision().orElseThrow().verdict()).isEqualTo("cancelled");
    assertThat(last().toJson().toString()).contains("disconnected");
  }

  private void waitForRecords(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (log.records().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(log.records()).hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void aClientMayPresentItsOwnCapabilityWhichTheKernelVerifies() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    CapabilityToken echoOnly = CapabilityToken.issue(authority, "cap-echo-only", Ed25519SigningKey.generate(RANDOM).publicKey(),
        io.chio.core.capability.Scope.ofTools(List.of(io.chio.core.capability.ToolGrant.of("srv-fake", "echo",
            List.of(io.chio.core.capability.Operation.INVOKE)))), now - 5, now + 600);
    Ed25519SigningKey stranger = Ed25519SigningKey.generate(RANDOM);
    CapabilityToken forged = CapabilityToken.issue(stranger, "cap-forged", stranger.publicKey(),
        io.chio.core.capability.Scope.ofTools(List.of(io.chio.core.capability.ToolGrant.of("*", "*",
            List.of(io.chio.core.capability.Operation.INVOKE)))), now - 5, now + 600);
    try (RelayHarness h = new RelayHarness(config(Duration.ofSeconds(20)), gate("default.yaml"))) {
      h.initialize();
      String echo = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":{},"
          + "\"_meta\":{\"chio/capability\":%s}}}";
      h.send(String.format(echo, 1, "echo", echoOnly.toJson()));
      assertThat(h.nextResponse().path("result").path("isError").asBoolean(false)).isFalse();
      assertThat(last().capabilityId()).isEqualTo("cap-echo-only");
      h.send(String.format(echo, 2, "secret", echoOnly.toJson()));
      assertThat(h.nextResponse().path("result").path("isError").asBoolean()).isTrue();
      assertThat(last().decision().orElseThrow().verdict()).isEqualTo("deny");
      h.send(String.format(echo, 3, "echo", forged.toJson()));
      assertThat(h.nextResponse().path("result").path("isError").asBoolean()).isTrue();
      assertThat(last().decision().orElseThrow().verdict()).isEqualTo("deny");
      // Without a presented token the session's capability (the policy's grants) applies.
      assertThat(h.call(4, "secret", "{}").path("result").path("isError").asBoolean(false)).isFalse();
      assertThat(last().capabilityId()).isEqualTo("cap-test");
    }
  }
}
