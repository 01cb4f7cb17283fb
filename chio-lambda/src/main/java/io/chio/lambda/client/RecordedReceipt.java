package io.chio.lambda.client;

/**
 * The final receipt of an allowed call ({@link ChioLambda#record}).
 *
 * @param decision {@code allow}, or {@code deny} when a response guard withheld the result, or {@code incomplete}
 */
public record RecordedReceipt(String receiptId, String decisionReceiptId, String decision) {}
