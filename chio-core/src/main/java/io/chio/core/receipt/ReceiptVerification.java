package io.chio.core.receipt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Objects;

/**
 * The verdict on one tool receipt, with the fields the reference verifier reports.
 *
 * @param signatureValid consistency rules hold, the id recomputes and the Ed25519 signature verifies
 * @param receiptIdValid the id equals sha256 of the canonical body
 * @param parameterHashValid {@code action.parameter_hash} equals sha256 of the canonical parameters
 * @param signerTrusted the kernel key is one of the verifier's trusted keys
 * @param ok all four of the above
 * @param authorized {@code ok} and the receipt records a mediated, prevent-boundary allow
 * @param decision the decision verdict, or {@code "none"}
 * @param result {@code Authorized}, {@code Allowed}, {@code Denied}, {@code Cancelled}, {@code
 *     Incomplete}, {@code Invalid}, {@code Observed} or {@code Advisory}; describes what the receipt
 *     claims, not whether it verified
 */
public record ReceiptVerification(
    String receiptId,
    boolean signatureValid,
    boolean receiptIdValid,
    boolean parameterHashValid,
    String signerKeyHex,
    boolean signerTrusted,
    boolean ok,
    boolean authorized,
    String decision,
    String receiptKind,
    String boundaryClass,
    String trustLevel,
    String result,
    List<String> problems)
    implements VerificationResult {

  public ReceiptVerification {
    Objects.requireNonNull(receiptId, "receiptId");
    problems = List.copyOf(problems);
  }

  @Override
  public String kind() {
    return "chio";
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o =
        Json.object()
            .put("kind", kind())
            .put("receipt_id", receiptId)
            .put("signature_valid", signatureValid)
            .put("receipt_id_valid", receiptIdValid)
            .put("parameter_hash_valid", parameterHashValid)
            .put("signer_key_hex", signerKeyHex)
            .put("signer_trusted", signerTrusted)
            .put("ok", ok)
            .put("authorized", authorized)
            .put("decision", decision)
            .put("receipt_kind", receiptKind)
            .put("boundary_class", boundaryClass)
            .put("trust_level", trustLevel)
            .put("result", result);
    ArrayNode p = o.putArray("problems");
    problems.forEach(p::add);
    return o;
  }
}
