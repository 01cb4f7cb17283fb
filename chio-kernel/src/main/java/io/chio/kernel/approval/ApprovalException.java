package io.chio.kernel.approval;

/** A presented approval token does not let the call through; the message says why (it goes into the deny receipt). */
public final class ApprovalException extends Exception {
  private static final long serialVersionUID = 1L;

  public ApprovalException(String message) {
    super(message);
  }
}
