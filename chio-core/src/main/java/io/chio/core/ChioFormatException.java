package io.chio.core;

/**
 * Input that is not a well-formed Chio document: bad JSON, a wrong field type, bad hex, an unknown
 * schema. The message is one line that names the offending field so a user can fix it.
 */
public final class ChioFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChioFormatException(String message) {
    super(message);
  }

  public ChioFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
