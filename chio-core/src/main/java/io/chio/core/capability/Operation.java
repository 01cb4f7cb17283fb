package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;

/** An operation a grant allows. Wire names are snake_case. */
public enum Operation implements Wire.Named {
  INVOKE("invoke"),
  READ_RESULT("read_result"),
  READ("read"),
  SUBSCRIBE("subscribe"),
  GET("get"),
  /** Allows the holder to delegate (attenuate) the capability further. */
  DELEGATE("delegate");

  private final String wireName;

  Operation(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** Parses a wire name such as {@code read_result}; unknown names are a {@link io.chio.core.ChioFormatException}. */
  public static Operation fromWire(String name) {
    return Wire.named(Operation.class, Json.mapper().getNodeFactory().textNode(name), "operation");
  }

  static Operation fromJson(JsonNode n, String path) {
    return Wire.named(Operation.class, n, path);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
