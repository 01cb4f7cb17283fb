package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies receipts against a fixed set of trusted kernel keys. A receipt signed by any other key
 * can still have a valid signature but is never {@code ok}. Thread-safe.
 *
 * <p>Tool receipts are checked in the order WIRE.md fixes (consistency, id, signature); the first
 * failure stops the signature check, so a forged receipt costs no Ed25519 verification.
 */
public final class ReceiptVerifier {
  private final Set<Ed25519PublicKey> trusted;

  private ReceiptVerifier(Set<Ed25519PublicKey> trusted) {
    this.trusted = trusted;
  }

  public static ReceiptVerifier trusting(Collection<Ed25519PublicKey> kernelKeys) {
    Objects.requireNonNull(kernelKeys, "kernelKeys");
    return new ReceiptVerifier(Set.copyOf(kernelKeys));
  }

  public static ReceiptVerifier trusting(Ed25519PublicKey... kernelKeys) {
    return trusting(Arrays.asList(kernelKeys));
  }

  /** Reports signature validity without trusting any signer: nothing is ever {@code ok}. */
  public static ReceiptVerifier trustingNone() {
    return new ReceiptVerifier(Set.of());
  }

  public Set<Ed25519PublicKey> trustedKeys() {
    return trusted;
  }

  public ReceiptVerification verify(ChioReceipt r) {
    Objects.requireNonNull(r, "receipt");
    List<String> problems = new ArrayList<>();
    ReceiptDraft c = r.content();
    Decision decision = c.decisionOrNull();

    String violation =
        Consistency.violation(c.receiptKind(), c.boundaryClass(), c.observationOutcomeOrNull(), decision, c.trustLevel());
    if (violation != null) {
      problems.add("inconsistent receipt: " + violation);
    }
    String expectedId = Sha256.hex(r.bodyShared());
    boolean idValid = expectedId.equals(r.id());
    if (!idValid) {
      problems.add("receipt id does not match its content (content hashes to " + expectedId + ")");
    }
    boolean signatureValid = false;
    String unsupported = unsupportedAlgorithm(r);
    if (unsupported != null) {
      problems.add(unsupported);
    } else if (violation == null && idValid) {
      signatureValid =
          r.kernelKey().verify(ChioReceipt.signedMessage(r.bodyShared(), r.id()), r.ed25519Signature().orElseThrow());
      if (!signatureValid) {
        problems.add("signature does not verify under kernel_key " + r.kernelKey().toHex());
      }
    }
    boolean parameterHashValid = Sha256.hex(r.parametersCanonicalShared()).equals(r.parameterHash());
    if (!parameterHashValid) {
      problems.add("action.parameter_hash does not match the canonical parameters");
    }
    boolean signerTrusted = trusted.contains(r.kernelKey());
    if (!signerTrusted) {
      problems.add("kernel_key " + r.kernelKey().toHex() + " is not a trusted kernel key");
    }
    boolean ok = signatureValid && idValid && parameterHashValid && signerTrusted;
    boolean authorizing =
        c.receiptKind() == ReceiptKind.MEDIATED_DECISION
            && c.boundaryClass() == BoundaryClass.PREVENT
            && c.observationOutcomeOrNull() == null
            && decision instanceof Decision.Allow;
    return new ReceiptVerification(
        r.id(),
        signatureValid,
        idValid,
        parameterHashValid,
        r.kernelKey().toHex(),
        signerTrusted,
        ok,
        ok && authorizing,
        decision == null ? "none" : decision.verdict(),
        c.receiptKind().wire(),
        c.boundaryClass().wire(),
        c.trustLevel().wire(),
        resultLabel(c.receiptKind(), c.boundaryClass(), decision),
        problems);
  }

  private static String unsupportedAlgorithm(ChioReceipt r) {
    String fromSignature = ChioReceipt.signatureAlgorithm(r.signature());
    String declared = r.algorithm().orElse(null);
    if (fromSignature != null) {
      return "unsupported signature algorithm " + fromSignature + " (only ed25519 is supported)";
    }
    if (declared != null && !declared.equals("ed25519")) {
      return "algorithm " + declared + " does not match an unprefixed Ed25519 signature";
    }
    return null;
  }

  /** What the receipt claims, in the reference's words; independent of whether it verifies. */
  static String resultLabel(ReceiptKind kind, BoundaryClass boundary, Decision decision) {
    if (kind == ReceiptKind.MEDIATED_DECISION && boundary == BoundaryClass.PREVENT && decision instanceof Decision.Allow) {
      return "Authorized";
    }
    return switch (kind) {
      case TRACE_OBSERVATION -> "Observed";
      case ADVISORY_EVALUATION -> "Advisory";
      case MEDIATED_DECISION -> {
        if (decision == null) {
          yield "Invalid";
        } else if (decision instanceof Decision.Allow) {
          yield "Allowed";
        } else if (decision instanceof Decision.Deny) {
          yield "Denied";
        } else if (decision instanceof Decision.Cancelled) {
          yield "Cancelled";
        } else {
          yield "Incomplete";
        }
      }
    };
  }

  public HttpReceiptVerification verify(HttpReceipt r) {
    Objects.requireNonNull(r, "receipt");
    List<String> problems = new ArrayList<>();
    boolean signatureValid = r.kernelKey().verify(r.signedShared(), r.signature());
    if (!signatureValid) {
      problems.add("signature does not verify under kernel_key " + r.kernelKey().toHex());
    }
    String scopeViolation = HttpReceiptDraft.scopeViolation(r.content().metadataShared());
    if (scopeViolation != null) {
      problems.add(scopeViolation);
    }
    boolean signerTrusted = trusted.contains(r.kernelKey());
    if (!signerTrusted) {
      problems.add("kernel_key " + r.kernelKey().toHex() + " is not a trusted kernel key");
    }
    return new HttpReceiptVerification(
        r.id(),
        signatureValid,
        scopeViolation == null,
        r.kernelKey().toHex(),
        signerTrusted,
        signatureValid && scopeViolation == null && signerTrusted,
        r.verdict().verdict(),
        r.responseStatus(),
        r.statusScope().orElse(null),
        problems);
  }

  /**
   * Checks that {@code finalReceipt} records the upstream answer to the request that {@code
   * decision} allowed: both verify, the scopes are decision/final, the final names the decision id,
   * and request, verdict, hashes, capability and kernel key agree. Only an allowed request is
   * forwarded, so a final receipt for any other verdict does not belong.
   */
  public HttpReceiptPairCheck verifyPair(HttpReceipt decision, HttpReceipt finalReceipt) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(finalReceipt, "finalReceipt");
    List<String> problems = new ArrayList<>();
    HttpReceiptVerification dv = verify(decision);
    HttpReceiptVerification fv = verify(finalReceipt);
    dv.problems().forEach(p -> problems.add("decision receipt: " + p));
    fv.problems().forEach(p -> problems.add("final receipt: " + p));
    if (!HttpReceiptDraft.SCOPE_DECISION.equals(dv.statusScope())) {
      problems.add("decision receipt " + decision.id() + " does not have status scope \"decision\"");
    }
    if (!HttpReceiptDraft.SCOPE_FINAL.equals(fv.statusScope())) {
      problems.add("final receipt " + finalReceipt.id() + " does not have status scope \"final\"");
    }
    if (!finalReceipt.decisionReceiptId().orElse("").equals(decision.id())) {
      problems.add("final receipt names decision receipt " + finalReceipt.decisionReceiptId().orElse("<none>")
          + ", not " + decision.id());
    }
    if (finalReceipt.id().equals(decision.id())) {
      problems.add("final receipt reuses the decision receipt id");
    }
    if (!(decision.verdict() instanceof HttpVerdict.Allow)) {
      problems.add("decision verdict is " + decision.verdict().verdict() + "; only allowed requests are forwarded");
    }
    same(problems, "request_id", decision.requestId(), finalReceipt.requestId());
    same(problems, "method", decision.method(), finalReceipt.method());
    same(problems, "route_pattern", decision.routePattern(), finalReceipt.routePattern());
    same(problems, "caller_identity_hash", decision.callerIdentityHash(), finalReceipt.callerIdentityHash());
    same(problems, "session_id", decision.sessionId(), finalReceipt.sessionId());
    same(problems, "verdict", decision.verdict(), finalReceipt.verdict());
    same(problems, "content_hash", decision.contentHash(), finalReceipt.contentHash());
    same(problems, "policy_hash", decision.policyHash(), finalReceipt.policyHash());
    same(problems, "capability_id", decision.capabilityId(), finalReceipt.capabilityId());
    same(problems, "kernel_key", decision.kernelKey(), finalReceipt.kernelKey());
    if (finalReceipt.timestamp() < decision.timestamp()) {
      problems.add("final receipt is older than its decision receipt");
    }
    return new HttpReceiptPairCheck(problems.isEmpty(), problems);
  }

  private static void same(List<String> problems, String field, Object a, Object b) {
    if (!a.equals(b)) {
      problems.add(field + " differs between decision and final receipt");
    }
  }

  /**
   * Detects the format, parses and verifies.
   *
   * @throws io.chio.core.ChioFormatException if the JSON is not a well-formed receipt of either format
   */
  public VerificationResult verify(JsonNode receiptJson) {
    return switch (Receipts.detect(receiptJson)) {
      case CHIO -> verify(ChioReceipt.fromJson(receiptJson));
      case HTTP -> verify(HttpReceipt.fromJson(receiptJson));
    };
  }
}
