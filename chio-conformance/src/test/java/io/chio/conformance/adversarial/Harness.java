package io.chio.conformance.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.kernel.Kernel;
import io.chio.kernel.ToolCallRequest;
import io.chio.kernel.Verdict;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.PolicyException;
import io.chio.kernel.policy.PolicyLoader;
import io.chio.kernel.revocation.InMemoryRevocationStore;
import io.chio.kernel.store.InMemoryReceiptLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A real kernel with the stores the adversarial cases poke at: a settable clock, the revocation
 * store, the receipt log. Abstract scopes of the cases map onto tool grants on server {@link #SERVER}:
 * {@code tool:<name>} and {@code tool:invoke:<name>} grant tool {@code <name>} ({@code *} for any).
 */
final class Harness {
  static final String SERVER = "adversarial";
  static final Ed25519SigningKey AUTHORITY = Ed25519SigningKey.fromSeedHex("d4".repeat(32));
  static final Ed25519SigningKey KERNEL_KEY = Ed25519SigningKey.fromSeedHex("e5".repeat(32));
  static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeedHex("f6".repeat(32));
  static final Ed25519SigningKey DELEGATEE = Ed25519SigningKey.fromSeedHex("a7".repeat(32));
  static final Ed25519SigningKey ATTACKER = Ed25519SigningKey.fromSeedHex("b8".repeat(32));

  final SettableClock clock;
  final InMemoryRevocationStore revocations = new InMemoryRevocationStore();
  final InMemoryReceiptLog log = new InMemoryReceiptLog();
  final Kernel kernel;

  Harness(Instant start, String policyRules, Ed25519PublicKey... extraTrusted) throws PolicyException {
    this.clock = new SettableClock(start);
    Set<Ed25519PublicKey> trusted = new HashSet<>(List.of(extraTrusted));
    trusted.add(AUTHORITY.publicKey());
    CompiledPolicy policy = PolicyLoader.parse("hushspec: \"0.1.0\"\nname: adversarial\n" + policyRules, "adversarial");
    this.kernel = Kernel.builder().clock(clock).signingKey(KERNEL_KEY).trustedIssuers(trusted).policy(policy).revocationStore(revocations)
        .receiptLog(log)
        // Semantics, not latency: a guard's first run in a cold JVM on a loaded machine may pass the 100 ms default.
        .guardDeadline(Duration.ofSeconds(10))
        .build();
  }

  Harness(Instant start) throws PolicyException {
    this(start, "");
  }

  static long epoch(JsonNode n) {
    return Instant.parse(n.textValue()).getEpochSecond();
  }

  static String toolOf(String scope) {
    if (scope.startsWith("tool:invoke:")) {
      return scope.substring("tool:invoke:".length());
    }
    if (scope.startsWith("tool:")) {
      return scope.substring("tool:".length());
    }
    throw new IllegalArgumentException("not a tool scope: " + scope);
  }

  static List<ToolGrant> grants(JsonNode scopes, Operation... ops) {
    List<ToolGrant> out = new ArrayList<>();
    for (JsonNode s : scopes) {
      out.add(ToolGrant.of(SERVER, toolOf(s.textValue()), List.of(ops.length == 0 ? new Operation[] {Operation.INVOKE} : ops)));
    }
    return out;
  }

  static CapabilityToken token(String id, Ed25519PublicKey subject, List<ToolGrant> grants, long issuedAt, long expiresAt) {
    return CapabilityToken.issue(AUTHORITY, id, subject, Scope.ofTools(grants), issuedAt, expiresAt);
  }

  static ToolCallRequest.Builder call(Ed25519SigningKey agent, CapabilityToken token, String tool, ObjectNode args) {
    return ToolCallRequest.builder("req-" + tool, SERVER, tool, agent.publicKey().toHex()).capability(token).arguments(args);
  }

  static ObjectNode args() {
    return Json.object().put("topic", "status");
  }

  void at(long epochSecond) {
    clock.set(Instant.ofEpochSecond(epochSecond));
  }

  Verdict evaluate(ToolCallRequest request) {
    return kernel.evaluate(request);
  }
}
