package io.chio.kernel.dpop;

/** A DPoP proof that does not let the call through; the message says which check failed. */
public final class DpopException extends Exception {
  private static final long serialVersionUID = 1L;

  public DpopException(String message) {
    super(message);
  }
}
