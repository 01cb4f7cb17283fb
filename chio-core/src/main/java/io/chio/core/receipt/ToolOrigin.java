package io.chio.core.receipt;

/** Where the tool effect executed relative to Chio. */
public enum ToolOrigin implements WireEnum {
  CALLER_EXECUTED("caller_executed"),
  HOST_EXECUTED_PROVIDER_REPORTED("host_executed_provider_reported"),
  HOST_EXECUTED_UNMEDIATED("host_executed_unmediated");

  private final String wire;

  ToolOrigin(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** Parses the exact wire spelling; {@code path} names the field in the error. */
  public static ToolOrigin fromWire(String value, String path) {
    return WireEnum.parse(ToolOrigin.class, value, path);
  }
}
