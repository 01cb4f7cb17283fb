package io.chio.core.receipt;

/**
 * What Chio can enforce for the receipt. {@link #CANNOT_SEE} is a planning boundary: it parses, so
 * such a receipt can be reported, but it is never signable and never verifies.
 */
public enum BoundaryClass implements WireEnum {
  PREVENT("prevent"),
  DETECT_ONLY("detect_only"),
  ADVISORY_ONLY("advisory_only"),
  CANNOT_SEE("cannot_see");

  private final String wire;

  BoundaryClass(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Parses the exact wire spelling; {@code path} names the field in the error. */
  public static BoundaryClass fromWire(String value, String path) {
    return WireEnum.parse(BoundaryClass.class, value, path);
  }
}
