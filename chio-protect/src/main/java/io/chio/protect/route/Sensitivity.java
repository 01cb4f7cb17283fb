package io.chio.protect.route;

import java.util.Locale;

/** {@code x-chio-sensitivity}: the data class of an operation, recorded in receipt evidence. */
public enum Sensitivity {
  PUBLIC,
  INTERNAL,
  CONFIDENTIAL,
  RESTRICTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name exactly (lower case); null when it is not one. */
  static Sensitivity fromWire(String value) {
    for (Sensitivity s : values()) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    return null;
  }
}
