package io.chio.store;

import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.ReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.nio.file.Path;

/** A fixed test kernel key, logs opened with it, and real signed receipts. */
final class TestLogs {
  static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeedHex("42".repeat(32));
  static final Ed25519SigningKey OTHER = Ed25519SigningKey.fromSeedHex("43".repeat(32));
  static final long NOW = 1_800_000_000L;
  private static final ReceiptSigner SIGNER = new ReceiptSigner(KERNEL);

  private TestLogs() {}

  static SqliteReceiptLog open(Path file) throws StoreException {
    return open(file, ReceiptLogOptions.DEFAULTS);
  }

  static SqliteReceiptLog open(Path file, ReceiptLogOptions options) throws StoreException {
    return SqliteReceiptLog.open(file, KERNEL, options, () -> NOW, c -> {});
  }

  static SqliteReceiptLog open(Path file, Sqlite.Setup setup) throws StoreException {
    return SqliteReceiptLog.open(file, KERNEL, ReceiptLogOptions.DEFAULTS, () -> NOW, setup);
  }

  /** A signed tool receipt whose content (and so id) is determined by {@code tag}. */
  static ChioReceipt receipt(String tag) {
    Decision d = tag.hashCode() % 5 == 0 ? Decision.deny("not allowed: " + tag, "forbidden-path") : Decision.allow();
    return SIGNER.sign(
        ReceiptDraft.mediated(d)
            .timestamp(1_735_689_600L)
            .capabilityId("cap-" + tag)
            .tool("srv-files", "file_read")
            .parameters(Json.object().put("path", "/workspace/" + tag + ".md"))
            .toolOutput(Json.object().put("ok", true))
            .policyHash("policy-v1")
            .build());
  }

  static ReceiptRecord signed(String tag) {
    return ReceiptRecords.of(receipt(tag), "agent-1", 3L);
  }
}
