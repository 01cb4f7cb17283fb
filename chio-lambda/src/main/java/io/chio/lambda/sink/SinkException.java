package io.chio.lambda.sink;

/** A sink could not store a batch; nothing in it may be assumed stored. */
public final class SinkException extends Exception {
  private static final long serialVersionUID = 1L;

  public SinkException(String message) {
    super(message);
  }

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
