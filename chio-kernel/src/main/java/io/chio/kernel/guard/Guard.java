package io.chio.kernel.guard;

/**
 * A pre-invocation check. Implementations are immutable after construction (config compiled once,
 * regexes precompiled) and thread-safe; any state (rate windows) must be concurrent. A thrown
 * exception is not an allow: the kernel turns it into {@code guard "<name>" error (fail-closed)}.
 */
public interface Guard {
  /** The catalog name, e.g. {@code forbidden-path}; appears in receipts and policies. */
  String name();

  GuardResult evaluate(GuardContext context) throws Exception;
}
