package io.chio.core.receipt;

/** Semantic class of a signed tool receipt. Only {@link #MEDIATED_DECISION} can authorize. */
public enum ReceiptKind implements WireEnum {
  MEDIATED_DECISION("mediated_decision"),
  TRACE_OBSERVATION("trace_observation"),
  ADVISORY_EVALUATION("advisory_evaluation");

  private final String wire;

  ReceiptKind(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Parses the exact wire spelling; {@code path} names the field in the error. */
  public static ReceiptKind fromWire(String value, String path) {
    return WireEnum.parse(ReceiptKind.class, value, path);
  }
}
