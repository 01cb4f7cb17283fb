package io.chio.lambda;

import io.chio.core.receipt.ChioReceipt;

/**
 * The result of {@code /v1/record}: the final receipt that closes an allowed call.
 *
 * @param decision the final receipt's verdict ({@code allow}, {@code deny}, {@code incomplete})
 */
public record Recorded(ChioReceipt receipt, String decisionReceiptId, String decision) {}
