package io.chio.core.receipt;

import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import java.util.Objects;

/**
 * Signs tool receipts with an explicit kernel key: computes {@code parameter_hash}, the
 * content-addressed {@code id} and the Ed25519 signature over {@code {"body":..,"id":..}}.
 * Refuses to sign a receipt that breaks the consistency rules. Thread-safe.
 */
public final class ReceiptSigner {
  private final Ed25519SigningKey kernelKey;

  public ReceiptSigner(Ed25519SigningKey kernelKey) {
    this.kernelKey = Objects.requireNonNull(kernelKey, "kernelKey");
  }

  public Ed25519PublicKey kernelKey() {
    return kernelKey.publicKey();
  }

  /**
   * @throws IllegalArgumentException if the draft breaks a consistency rule (the message names it)
   */
  public ChioReceipt sign(ReceiptDraft draft) {
    Objects.requireNonNull(draft, "draft");
    String violation =
        Consistency.violation(
            draft.receiptKind(), draft.boundaryClass(), draft.observationOutcomeOrNull(), draft.decisionOrNull(),
            draft.trustLevel());
    if (violation != null) {
      throw new IllegalArgumentException("refusing to sign an inconsistent receipt: " + violation);
    }
    return ChioReceipt.sign(draft, kernelKey);
  }

  /**
   * Signs an HTTP receipt over the canonical JSON of every field except the signature.
   *
   * @throws IllegalArgumentException if the status-scope metadata is malformed
   */
  public HttpReceipt sign(HttpReceiptDraft draft) {
    Objects.requireNonNull(draft, "draft");
    draft.scopeViolation().ifPresent(v -> {
      throw new IllegalArgumentException("refusing to sign an HTTP receipt: " + v);
    });
    return HttpReceipt.sign(draft, kernelKey);
  }

  @Override
  public String toString() {
    return "ReceiptSigner{kernel_key=" + kernelKey.publicKey().toHex() + "}";
  }
}
