package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Objects;
import java.util.Set;

/**
 * Money in integer minor units ({@code {"units": 5000, "currency": "USD"}} is $50.00). Never a
 * float. Units are unsigned on the wire; values above {@link Long#MAX_VALUE} are rejected.
 */
public record MonetaryAmount(long units, String currency) {
  private static final Set<String> FIELDS = Set.of("units", "currency");

  public MonetaryAmount {
    Objects.requireNonNull(currency, "currency");
    if (units < 0) {
      throw new IllegalArgumentException("units must not be negative: " + units);
    }
  }

  static MonetaryAmount fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    Fields.onlyKnown(n, FIELDS, path);
    return new MonetaryAmount(Fields.u63(n, "units", path), Fields.text(n, "currency", path));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("units", units);
    o.put("currency", currency);
    return o;
  }

  /** True when this is the same currency and not more than {@code cap}. */
  public boolean fitsWithin(MonetaryAmount cap) {
    return currency.equals(cap.currency) && units <= cap.units;
  }

  @Override
  public String toString() {
    return units + " " + currency;
  }
}
