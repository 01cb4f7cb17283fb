package io.chio.cli;

/** The documented exit codes. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int INVALID = 1;
  public static final int BAD_INPUT = 2;
  public static final int PENDING = 3;

  private ExitCodes() {}
}
