package io.chio.core.receipt;

import java.util.List;

/**
 * Whether a decision receipt and a final receipt describe the same forwarded request.
 *
 * @param ok both verify and belong together
 * @param problems one line per failed check; empty when {@code ok}
 */
public record HttpReceiptPairCheck(boolean ok, List<String> problems) {
  public HttpReceiptPairCheck {
    problems = List.copyOf(problems);
  }
}
