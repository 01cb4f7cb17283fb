package io.chio.core.receipt;

/** HTTP methods Chio evaluates; the wire form is the upper-case method name. */
public enum HttpMethod implements WireEnum {
  GET,
  POST,
  PUT,
  PATCH,
  DELETE,
  HEAD,
  OPTIONS;

  @Override
  public String wire() {
    return name();
  }

  /** GET, HEAD and OPTIONS: side-effect free by default. */
  public boolean isSafe() {
    return this == GET || this == HEAD || this == OPTIONS;
  }

  public static HttpMethod fromWire(String value, String path) {
    return WireEnum.parse(HttpMethod.class, value, path);
  }
}
