package io.chio.conformance.matrix;

import java.util.SortedSet;

/** What the verdict-matrix oracle compares: {@code (verdict, reason_code, scope_set)}, the scope set sorted. */
record VerdictTuple(String verdict, String reasonCode, SortedSet<String> scopeSet) {
  @Override
  public String toString() {
    return "(" + verdict + ", " + reasonCode + ", " + scopeSet + ")";
  }
}
