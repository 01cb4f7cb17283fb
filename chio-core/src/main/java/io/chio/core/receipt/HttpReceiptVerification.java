package io.chio.core.receipt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Objects;

/**
 * The verdict on one HTTP receipt.
 *
 * @param signatureValid the Ed25519 signature over the signed bytes verifies
 * @param scopeValid the status-scope metadata is absent or well formed ({@code decision}, or {@code
 *     final} naming its decision receipt)
 * @param ok signature and scope valid and the signer trusted
 * @param statusScope {@code decision}, {@code final} or null
 */
public record HttpReceiptVerification(
    String receiptId,
    boolean signatureValid,
    boolean scopeValid,
    String signerKeyHex,
    boolean signerTrusted,
    boolean ok,
    String verdict,
    int responseStatus,
    String statusScope,
    List<String> problems)
    implements VerificationResult {

  public HttpReceiptVerification {
    Objects.requireNonNull(receiptId, "receiptId");
    problems = List.copyOf(problems);
  }

  @Override
  public String kind() {
    return "http";
  }

  /**
   * HTTP receipt ids are chosen by the signer, not content addresses; the id is covered by the
   * signature, so it is valid exactly when the signature is.
   */
  @Override
  public boolean receiptIdValid() {
    return signatureValid;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o =
        Json.object()
            .put("kind", kind())
            .put("receipt_id", receiptId)
            .put("signature_valid", signatureValid)
            .put("receipt_id_valid", receiptIdValid())
            .put("scope_valid", scopeValid)
            .put("signer_key_hex", signerKeyHex)
            .put("signer_trusted", signerTrusted)
            .put("ok", ok)
            .put("verdict", verdict)
            .put("response_status", responseStatus);
    if (statusScope == null) {
      o.putNull("status_scope");
    } else {
      o.put("status_scope", statusScope);
    }
    ArrayNode p = o.putArray("problems");
    problems.forEach(p::add);
    return o;
  }
}
