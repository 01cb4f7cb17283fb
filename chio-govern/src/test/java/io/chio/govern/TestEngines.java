package io.chio.govern;

import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptSigner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Engines with a fixed key and clock, and the receipts they signed. */
public final class TestEngines {
  public static final Ed25519SigningKey KEY = Ed25519SigningKey.fromSeedHex("11".repeat(32));
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T23:00:00Z"), ZoneOffset.UTC);

  private TestEngines() {}

  public static GovernEngine engine(GovernPolicy policy, List<ChioReceipt> sink) {
    return new GovernEngine(policy, new ReceiptSigner(KEY), CLOCK, sink::add);
  }

  public static GovernEngine engine(GovernPolicy policy) {
    return engine(policy, new ArrayList<>());
  }
}
