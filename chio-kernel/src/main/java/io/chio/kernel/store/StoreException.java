package io.chio.kernel.store;

/** A store could not answer (disk full, read-only, corrupt, locked). The kernel denies on it. */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
