package io.chio.protect;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/** The proxy's injected millisecond clock as a {@link Clock}, for the governance engine's receipts. */
final class MillisClock extends Clock {
  private final LongSupplier millis;

  MillisClock(LongSupplier millis) {
    this.millis = millis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Receipts carry Unix seconds; the zone never matters, so every zone is this clock.
    return this;
  }

  @Override
  public long millis() {
    return millis.getAsLong();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.getAsLong());
  }
}
