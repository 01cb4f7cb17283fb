package io.chio.core.capability;

/**
 * A delegation or attenuation that is not allowed: it would widen the parent's authority, names a
 * grant the parent does not have, or comes from a key that does not hold the parent. The message
 * says what widened or what is missing.
 */
public final class AttenuationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AttenuationException(String message) {
    super(message);
  }
}
