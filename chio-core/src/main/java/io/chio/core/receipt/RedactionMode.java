package io.chio.core.receipt;

/** Redaction applied to the signed receipt details. */
public enum RedactionMode implements WireEnum {
  NONE("none"),
  SUMMARY("summary"),
  REDACTED("redacted");

  private final String wire;

  RedactionMode(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Parses the exact wire spelling; {@code path} names the field in the error. */
  public static RedactionMode fromWire(String value, String path) {
    return WireEnum.parse(RedactionMode.class, value, path);
  }
}
