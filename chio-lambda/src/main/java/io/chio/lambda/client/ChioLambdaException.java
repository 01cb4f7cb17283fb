package io.chio.lambda.client;

/** {@link ChioLambda#record} could not close the call: its final receipt was not written. */
public final class ChioLambdaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChioLambdaException(String message) {
    super(message);
  }

  public ChioLambdaException(String message, Throwable cause) {
    super(message, cause);
  }
}
