package io.chio.core.receipt;

import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;

/** Deterministic keys and a typical draft for receipt tests. */
final class Fixtures {
  static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeedHex("11".repeat(32));
  static final Ed25519SigningKey OTHER = Ed25519SigningKey.fromSeedHex("22".repeat(32));

  private Fixtures() {}

  static ReceiptDraft.Builder common(ReceiptDraft.Builder b) {
    return b.timestamp(1_710_000_200L)
        .capabilityId("cap-1")
        .tool("srv-files", "file_read")
        .parameters(Json.parse("{\"path\":\"/workspace/a.md\",\"mode\":\"read\"}"))
        .toolOutput(Json.parse("{\"ok\":true}"))
        .policyHash("policy-v1");
  }

  static ReceiptDraft allow() {
    return common(ReceiptDraft.mediated(Decision.allow())).build();
  }
}
