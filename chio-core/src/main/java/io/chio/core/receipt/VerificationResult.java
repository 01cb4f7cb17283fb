package io.chio.core.receipt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What a verifier concluded about one receipt of either format. */
public sealed interface VerificationResult permits ReceiptVerification, HttpReceiptVerification {
  /** {@code "chio"} for tool receipts, {@code "http"} for HTTP receipts. */
  String kind();

  String receiptId();

  boolean signatureValid();

  boolean receiptIdValid();

  /** True only when everything checked out and the signer is trusted. */
  boolean ok();

  /** One line per failed check, in check order; empty when {@link #ok()}. */
  List<String> problems();

  /** Snake-case JSON with every field, for CLIs and HTTP answers. */
  ObjectNode toJson();
}
