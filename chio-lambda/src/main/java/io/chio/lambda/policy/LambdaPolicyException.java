package io.chio.lambda.policy;

/** A {@code chio-policy.yaml} that cannot be used; the message names the file and line. */
public final class LambdaPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  public LambdaPolicyException(String message) {
    super(message);
  }

  public LambdaPolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
