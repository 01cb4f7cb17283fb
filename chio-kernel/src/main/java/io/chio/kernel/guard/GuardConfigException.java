package io.chio.kernel.guard;

/** A guard config that cannot be compiled. Policies that cause one refuse to load (never allow-all). */
public final class GuardConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public GuardConfigException(String message) {
    super(message);
  }

  public GuardConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
