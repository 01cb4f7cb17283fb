package io.chio.kernel.guards.net;

/**
 * A URL or host that cannot be parsed without ambiguity. Callers deny: a target that two parsers
 * could read differently is treated as hostile, never guessed at.
 */
public final class InvalidTargetException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidTargetException(String message) {
    super(message);
  }
}
