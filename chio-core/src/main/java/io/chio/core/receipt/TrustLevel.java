package io.chio.core.receipt;

/** How strongly the kernel mediated the call; fixed by the receipt kind. */
public enum TrustLevel implements WireEnum {
  MEDIATED("mediated"),
  VERIFIED("verified"),
  ADVISORY("advisory");

  private final String wire;

  TrustLevel(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Parses the exact wire spelling; {@code path} names the field in the error. */
  public static TrustLevel fromWire(String value, String path) {
    return WireEnum.parse(TrustLevel.class, value, path);
  }
}
