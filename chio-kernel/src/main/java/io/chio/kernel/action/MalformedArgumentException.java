package io.chio.kernel.action;

/**
 * An argument the kernel must read has the wrong type (e.g. {@code path} is a number). The call is
 * denied with this message, which names the field.
 */
public final class MalformedArgumentException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public MalformedArgumentException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
