package io.chio.protect.route;

/** The OpenAPI description cannot be used; the message names the spot and what to fix. */
public final class SpecException extends Exception {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }

  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
