package io.chio.protect.route;

/** The request target cannot be read unambiguously; the proxy answers 400 and never forwards it. */
public final class MalformedRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedRequestException(String message) {
    super(message);
  }
}
