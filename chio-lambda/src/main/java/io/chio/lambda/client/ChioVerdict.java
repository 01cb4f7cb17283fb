package io.chio.lambda.client;

/**
 * The extension's answer to {@link ChioLambda#evaluate}. {@code receiptId} names the signed
 * decision receipt; it is null only when the extension could not be reached (then the verdict is
 * a deny with code {@code CHIO-LAMBDA-UNREACHABLE}: fail closed).
 *
 * @param decision {@code allow}, {@code deny} or {@code pending_approval}
 */
public record ChioVerdict(String decision, String reason, String guard, String code, String receiptId, String approvalId) {
  public static final String UNREACHABLE = "CHIO-LAMBDA-UNREACHABLE";

  /** True unless the call was allowed: a pending approval is not an allow. */
  public boolean denied() {
    return !"allow".equals(decision);
  }

  public boolean allowed() {
    return !denied();
  }
}
