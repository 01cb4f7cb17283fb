package io.chio.core.receipt;

/** Outcome recorded by trace and advisory receipts (never by mediated ones). */
public enum ObservationOutcome implements WireEnum {
  OBSERVED("observed"),
  EVALUATED("evaluated"),
  DROPPED("dropped");

  private final String wire;

  ObservationOutcome(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Parses the exact wire spelling; {@code path} names the field in the error. */
  public static ObservationOutcome fromWire(String value, String path) {
    return WireEnum.parse(ObservationOutcome.class, value, path);
  }
}
