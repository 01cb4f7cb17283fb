package io.chio.conformance.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.kernel.Completion;
import io.chio.kernel.Kernel;
import io.chio.kernel.ReasonCode;
import io.chio.kernel.ToolCallRequest;
import io.chio.kernel.ToolOutcome;
import io.chio.kernel.Verdict;
import io.chio.kernel.dpop.DpopProof;
import io.chio.kernel.dpop.DpopVerifier;
import io.chio.kernel.guards.redaction.RedactionGuards;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.GuardProvider;
import io.chio.kernel.policy.PolicyException;
import io.chio.kernel.policy.PolicyLoader;
import io.chio.kernel.revocation.InMemoryRevocationStore;
import io.chio.kernel.store.InMemoryReceiptLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Runs one scenario through a real {@link Kernel} and reads the tuple off what the kernel did. The
 * driver translates inputs only: abstract scopes become signed grants ({@link ToolCatalog}),
 * {@code revoked} a revocation-store entry, the replay nonce status a DPoP proof whose nonce the
 * kernel's replay cache judges, and the redaction action a redaction guard in the policy. The
 * verdict and reason code are the kernel's {@link Verdict} or {@link Completion} and their {@link
 * ReasonCode}; nothing is read from {@code expected}.
 */
final class MatrixDriver {
  static final String SERVER = "verdict-matrix";
  static final long NOW = 1_777_000_000L;
  private static final Ed25519SigningKey AUTHORITY = Ed25519SigningKey.fromSeedHex("a1".repeat(32));
  private static final Ed25519SigningKey KERNEL_KEY = Ed25519SigningKey.fromSeedHex("b2".repeat(32));
  private static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeedHex("c3".repeat(32));
  /**
   * The deployment's redaction policy: credential fields and caller-identity fields. The scenarios
   * say what the redactor does, not which fields it protects; these are the fields their inputs
   * carry beyond the tool's own arguments.
   */
  static final List<String> REDACTED_FIELDS = List.of("api_key", "secret", "token", "tenant", "user");
  /** What the matrix's tools return: an ordinary result that also carries a credential field. */
  private static final String TOOL_OUTPUT = "{\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"structuredContent\":{\"status\":\"done\",\"api_key\":\"hunter2\"}}";

  private final ToolCatalog catalog;

  MatrixDriver(ToolCatalog catalog) {
    this.catalog = catalog;
  }

  VerdictTuple run(Scenario s) throws PolicyException {
    InMemoryRevocationStore revocations = new InMemoryRevocationStore();
    InMemoryReceiptLog log = new InMemoryReceiptLog();
    Kernel kernel = Kernel.builder()
        .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
        .signingKey(KERNEL_KEY)
        .trustedIssuers(Set.of(AUTHORITY.publicKey()))
        .policy(policy(s))
        .revocationStore(revocations)
        .dpopVerifier(new DpopVerifier())
        .receiptLog(log)
        // Semantics, not latency: a guard's first run in a cold JVM on a loaded machine may pass the 100 ms default.
        .guardDeadline(Duration.ofSeconds(10))
        .build();

    CapabilityToken token = CapabilityToken.issue(AUTHORITY, "cap-" + s.id(), AGENT.publicKey(), Scope.ofTools(grants(s)), NOW - 60, NOW + 3600);
    if (Boolean.TRUE.equals(s.revoked())) {
      revocations.revoke(token.id(), "verdict-matrix scenario " + s.id(), NOW - 1);
    }
    ToolCallRequest.Builder call = ToolCallRequest.builder("req-" + s.id(), SERVER, s.tool(), AGENT.publicKey().toHex())
        .capability(token)
        .arguments(s.input().deepCopy());
    if (s.replayNonceStatus() != null) {
      DpopProof proof = replayProof(s, token);
      if (proof != null) {
        call.dpopProof(proof);
      }
      if (s.replayNonceStatus().equals("duplicate")) {
        // The nonce is spent by a first, identical call; the kernel must see the second as a replay.
        Verdict first = kernel.evaluate(call.build());
        if (!(first instanceof Verdict.Allow a)) {
          throw new AssertionError(s.id() + ": the first use of the nonce was not allowed: " + describe(first));
        }
        kernel.complete(a, new ToolOutcome.Success(Json.parse(TOOL_OUTPUT.getBytes(StandardCharsets.UTF_8)), null));
      }
    }

    Verdict v = kernel.evaluate(call.build());
    if (!ReceiptVerifier.trusting(KERNEL_KEY.publicKey()).verify(v.receipt()).ok()) {
      throw new AssertionError(s.id() + ": the decision receipt does not verify");
    }
    ReasonCode code;
    if (v instanceof Verdict.Allow allow) {
      JsonNode output = Json.parse(TOOL_OUTPUT.getBytes(StandardCharsets.UTF_8));
      Completion done = kernel.complete(allow, new ToolOutcome.Success(output, null));
      if (!ReceiptVerifier.trusting(KERNEL_KEY.publicKey()).verify(done.receipt()).ok()) {
        throw new AssertionError(s.id() + ": the final receipt does not verify");
      }
      code = done.reasonCode();
    } else {
      code = v.reasonCode();
      if (v instanceof Verdict.Deny && code.outcome() != ReasonCode.Outcome.DENY && code.outcome() != ReasonCode.Outcome.ERROR) {
        throw new AssertionError(s.id() + ": a deny carries the non-deny code " + code);
      }
    }
    return new VerdictTuple(code.outcome().wire(), code.urn(), scopeSet(token));
  }

  /**
   * The default guard pipeline, except egress-allowlist, which by KERNEL.md section 3 rejects every
   * {@code file:} URL: the resource scenarios read the MCP resource {@code file://README.md}, and
   * the matrix is about capabilities, revocation, replay and redaction, not egress. The redaction
   * action becomes a redaction guard for the scenario's phase; without one the policy has none.
   */
  private static CompiledPolicy policy(Scenario s) throws PolicyException {
    StringBuilder yaml = new StringBuilder("hushspec: \"0.1.0\"\nname: verdict-matrix\nrules:\n  egress:\n    enabled: false\n");
    String action = s.redactionAction();
    if (action != null && !action.equals("none")) {
      String guard = switch (String.valueOf(s.redactionPhase())) {
        case "input" -> "input-redaction";
        case "output" -> "output-redaction";
        default -> throw new IllegalArgumentException(s.id() + ": unsupported redaction_phase " + s.redactionPhase());
      };
      if (!Set.of("mask", "drop", "deny").contains(action)) {
        throw new IllegalArgumentException(s.id() + ": unsupported redaction_action " + action);
      }
      yaml.append("extensions:\n  guards:\n    ").append(guard).append(":\n      action: ").append(action).append("\n      fields: [")
          .append(String.join(", ", REDACTED_FIELDS)).append("]\n");
    }
    return PolicyLoader.parse(yaml.toString(), "verdict-matrix/" + s.id(), RedactionGuards.withRedaction(GuardProvider.catalog()));
  }

  /** One grant per tool each abstract scope covers; DPoP-bound when the scenario exercises the nonce cache. */
  private List<ToolGrant> grants(Scenario s) {
    List<ToolGrant> grants = new ArrayList<>();
    for (String scope : s.capabilityScopes()) {
      SortedSet<String> tools = catalog.toolsRequiring(scope);
      if (tools.isEmpty()) {
        throw new IllegalArgumentException(s.id() + ": no tool of the matrix requires scope " + scope + ", so it cannot become a grant");
      }
      for (String tool : tools) {
        ToolGrant g = ToolGrant.of(SERVER, tool, List.of(Operation.INVOKE));
        grants.add(s.replayNonceStatus() != null ? g.withDpopRequired(true) : g);
      }
    }
    return grants;
  }

  /** The proof for the nonce in the input, per status; null when the trace (proof) is missing. */
  private static DpopProof replayProof(Scenario s, CapabilityToken token) {
    JsonNode nonce = s.input().get("nonce");
    if (nonce == null || !nonce.isTextual()) {
      throw new IllegalArgumentException(s.id() + ": replay_nonce_status without a string nonce in input_json");
    }
    long issuedAt = switch (s.replayNonceStatus()) {
      case "fresh", "duplicate" -> NOW;
      case "stale" -> NOW - DpopVerifier.DEFAULT_TTL_SECONDS - 1;
      case "trace_missing" -> -1;
      default -> throw new IllegalArgumentException(s.id() + ": unsupported replay_nonce_status " + s.replayNonceStatus());
    };
    return issuedAt < 0 ? null : DpopProof.sign(AGENT, token.id(), SERVER, s.tool(), s.input(), nonce.textValue(), issuedAt);
  }

  /** The abstract scopes the signed token carries, read back from its grants. */
  private SortedSet<String> scopeSet(CapabilityToken token) {
    SortedSet<String> scopes = new TreeSet<>();
    for (ToolGrant g : CapabilityToken.parse(token.canonicalBytes()).scope().grants()) {
      scopes.add(catalog.scopeOf(g.toolName()).orElseThrow(() -> new AssertionError("grant for unknown tool " + g.toolName())));
    }
    return scopes;
  }

  private static String describe(Verdict v) {
    return v instanceof Verdict.Deny d ? d.code() + " " + d.reason() : v.kind().wire();
  }
}
