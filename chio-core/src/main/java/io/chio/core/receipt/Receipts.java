package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.Fields;

/** Tells the two receipt formats apart by shape. */
public final class Receipts {
  /** The two signed receipt formats. */
  public enum Format {
    /** {@link ChioReceipt}: has {@code receipt_kind} / {@code tool_server}. */
    CHIO,
    /** {@link HttpReceipt}: has {@code route_pattern} / {@code method}. */
    HTTP
  }

  private Receipts() {}

  /** @throws ChioFormatException if the JSON is not an object or looks like both or neither format */
  public static Format detect(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw Fields.wrong("receipt", "an object", json);
    }
    boolean chio = json.has("receipt_kind") || json.has("tool_server");
    boolean http = json.has("route_pattern") || json.has("method");
    if (chio == http) {
      throw new ChioFormatException(
          "receipt: cannot tell the format (a tool receipt has receipt_kind and tool_server, an HTTP receipt has"
              + " route_pattern and method)");
    }
    return chio ? Format.CHIO : Format.HTTP;
  }
}
