package io.chio.kernel.guards.content;

/**
 * A view of a string that counts character reads and gives up after a budget. Operator-supplied
 * regexes run over it so a pattern with catastrophic backtracking turns into an error (and the
 * guard fails closed) instead of a stuck kernel thread.
 */
final class BoundedCharSequence implements CharSequence {
  /** Thrown when the read budget is spent. */
  static final class BudgetExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceededException() {
      super("regex matching budget exceeded", null, false, false);
    }
  }

  private final String text;
  private final int offset;
  private final int length;
  private final long[] remaining;

  BoundedCharSequence(String text, long budget) {
    this(text, 0, text.length(), new long[] {budget});
  }

  private BoundedCharSequence(String text, int offset, int length, long[] remaining) {
    this.text = text;
    this.offset = offset;
    this.length = length;
    this.remaining = remaining;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (--remaining[0] < 0) {
      throw new BudgetExceededException();
    }
    return text.charAt(offset + index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedCharSequence(text, offset + start, end - start, remaining);
  }

  @Override
  public String toString() {
    return text.substring(offset, offset + length);
  }
}
