package io.chio.kernel.pii;

import java.util.Objects;

/**
 * One finding: {@code [start, end)} in the scanned text, its {@link PiiType}, the redaction
 * {@code label} (the type's label, or the secret kind for {@link PiiType#SECRET}), a {@code
 * confidence} in (0, 1], and the {@code validator} that accepted it (e.g. {@code luhn+iin},
 * {@code mod97}, {@code verhoeff}, {@code libphonenumber}, {@code context}). Holds offsets, never
 * the matched value.
 */
public record PiiMatch(PiiType type, String label, int start, int end, double confidence, String validator) {
  public PiiMatch {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(validator, "validator");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
    if (!(confidence > 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1], got " + confidence);
    }
  }

  public int length() {
    return end - start;
  }
}
