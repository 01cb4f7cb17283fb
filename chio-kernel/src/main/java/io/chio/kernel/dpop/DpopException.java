package io.chio.kernel.dpop;

import java.util.Objects;

/** A DPoP proof that does not let the call through; the message says which check failed, {@link #kind()} which class of failure. */
public final class DpopException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The class of failure, so that the kernel can tell a replay from a bad proof. */
  public enum Kind {
    /** Malformed, bound to another capability, key, tool or arguments, or badly signed. */
    INVALID,
    /** Issued too long ago or too far in the future for the replay cache to vouch for it. */
    STALE,
    /** Its nonce was already used with this capability within the proof lifetime. */
    REPLAYED,
    /** The replay cache is full of live nonces, so first use cannot be proven. */
    CACHE_FULL
  }

  private final Kind kind;

  public DpopException(String message) {
    this(Kind.INVALID, message);
  }

  public DpopException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
