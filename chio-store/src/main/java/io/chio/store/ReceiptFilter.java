package io.chio.store;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Receipt query filters, ANDed; a null field does not filter. Time bounds are inclusive Unix
 * seconds on the receipt timestamp; cost bounds are inclusive minor units and only match
 * receipts that recorded a cost.
 */
public record ReceiptFilter(
    String capabilityId,
    String toolServer,
    String toolName,
    String outcome,
    Long sinceEpochSeconds,
    Long untilEpochSeconds,
    Long minCostUnits,
    Long maxCostUnits) {
  public static final ReceiptFilter ALL = new ReceiptFilter(null, null, null, null, null, null, null, null);

  /** Outcomes a receipt can record. */
  public static final Set<String> OUTCOMES = Set.of("allow", "deny", "cancelled", "incomplete", "pending_approval");

  public ReceiptFilter {
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException(
          "outcome must be one of allow, deny, cancelled, incomplete, pending_approval; got '" + outcome + "'");
    }
    if (minCostUnits != null && minCostUnits < 0) {
      throw new IllegalArgumentException("min cost must be >= 0 units; got " + minCostUnits);
    }
    if (maxCostUnits != null && maxCostUnits < 0) {
      throw new IllegalArgumentException("max cost must be >= 0 units; got " + maxCostUnits);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses a time bound: Unix seconds ({@code 1735689600}), an ISO-8601 instant or offset date-time
   * ({@code 2025-01-01T00:00:00Z}, {@code 2025-01-01T02:00:00+02:00}) or a date ({@code
   * 2025-01-01}, midnight UTC).
   */
  public static long parseTime(String text) {
    String t = text.strip();
    if (t.matches("\\d{1,18}")) {
      return Long.parseLong(t);
    }
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      }
      if (t.endsWith("Z") || t.endsWith("z")) {
        return Instant.parse(t.toUpperCase(java.util.Locale.ROOT)).getEpochSecond();
      }
      return OffsetDateTime.parse(t).toEpochSecond();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "time '" + text + "' is neither Unix seconds nor ISO-8601 (e.g. 2025-01-01T00:00:00Z)", e);
    }
  }

  /** Fluent construction for callers that set only a few filters. */
  public static final class Builder {
    private String capabilityId;
    private String toolServer;
    private String toolName;
    private String outcome;
    private Long since;
    private Long until;
    private Long minCost;
    private Long maxCost;

    private Builder() {}

    public Builder capabilityId(String v) {
      capabilityId = v;
      return this;
    }

    public Builder toolServer(String v) {
      toolServer = v;
      return this;
    }

    public Builder toolName(String v) {
      toolName = v;
      return this;
    }

    public Builder outcome(String v) {
      outcome = v;
      return this;
    }

    public Builder since(Long epochSeconds) {
      since = epochSeconds;
      return this;
    }

    public Builder until(Long epochSeconds) {
      until = epochSeconds;
      return this;
    }

    public Builder minCost(Long units) {
      minCost = units;
      return this;
    }

    public Builder maxCost(Long units) {
      maxCost = units;
      return this;
    }

    public ReceiptFilter build() {
      return new ReceiptFilter(capabilityId, toolServer, toolName, outcome, since, until, minCost, maxCost);
    }
  }
}
