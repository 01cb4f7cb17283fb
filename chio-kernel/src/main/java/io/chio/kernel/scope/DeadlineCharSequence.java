package io.chio.kernel.scope;

/**
 * A {@link CharSequence} that throws once a deadline has passed, so a catastrophically
 * backtracking regex over agent-controlled text ends (and the constraint fails) instead of pinning
 * a thread.
 */
final class DeadlineCharSequence implements CharSequence {
  static final class Expired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Expired() {
      super("regex evaluation exceeded its time budget", null, false, false);
    }
  }

  private final CharSequence inner;
  private final long deadlineNanos;
  private int reads;

  DeadlineCharSequence(CharSequence inner, long deadlineNanos) {
    this.inner = inner;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public char charAt(int index) {
    // Checking the clock on every read would dominate matching cost; every 4096 reads is plenty.
    if ((++reads & 0xfff) == 0 && System.nanoTime() - deadlineNanos > 0) {
      throw new Expired();
    }
    return inner.charAt(index);
  }

  @Override
  public int length() {
    return inner.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new DeadlineCharSequence(inner.subSequence(start, end), deadlineNanos);
  }

  @Override
  public String toString() {
    return inner.toString();
  }
}
