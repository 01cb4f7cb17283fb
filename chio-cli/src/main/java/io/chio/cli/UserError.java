package io.chio.cli;

/** A problem with what the user supplied; printed as one line, exit code 2. */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }
}
