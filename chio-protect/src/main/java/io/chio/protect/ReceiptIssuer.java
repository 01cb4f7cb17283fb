package io.chio.protect;

import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.HttpReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.StoreException;
import io.chio.store.ReceiptRecords;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs HTTP receipts with the kernel key and appends them to the receipt log. A receipt that cannot
 * be logged is an error the caller turns into a 500: no call goes out, and no answer comes back,
 * without its evidence.
 */
final class ReceiptIssuer {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptIssuer.class);

  private final ReceiptSigner signer;
  private final ReceiptLog log;
  private final String serverId;

  ReceiptIssuer(Ed25519SigningKey kernelKey, ReceiptLog log, String serverId) {
    this.signer = new ReceiptSigner(Objects.requireNonNull(kernelKey, "kernelKey"));
    this.log = Objects.requireNonNull(log, "log");
    this.serverId = Objects.requireNonNull(serverId, "serverId");
  }

  /**
   * The answer when a receipt could not be appended: 500 {@code chio_evaluation_failed}, no receipt
   * id (there is none in the log), nothing forwarded from here on. The store's own message (paths,
   * SQLite errors) goes to the operator's log, not to the caller.
   */
  static Denial unlogged(Throwable failure, String guard) {
    LOG.warn("receipt log append failed, call refused (fail-closed): {}", failure.toString());
    return Denial.failed(
        "the receipt for this call could not be recorded, so the call is refused (fail-closed); retry later", guard);
  }

  Ed25519PublicKey kernelKey() {
    return signer.kernelKey();
  }

  /**
   * Signs and logs a receipt.
   *
   * @param subjectHex the verified capability's subject key, or null
   * @param costUnits the realized cost for final receipts, else null
   */
  HttpReceipt issue(HttpReceiptDraft draft, String subjectHex, Long costUnits) throws StoreException {
    HttpReceipt r = signer.sign(draft);
    // The log's index columns must be the ones LogVerifier derives from the signed bytes.
    log.append(ReceiptRecords.of(r, serverId, subjectHex, costUnits));
    return r;
  }

  /**
   * A fresh UUIDv7 (RFC 9562): unique and time-ordered. Receipt ids need uniqueness, not secrecy,
   * and this runs twice per call, so it uses the fast thread-local generator (74 random bits).
   */
  static String newId(long epochMillis) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long high = (epochMillis << 16) | 0x7000L | (r.nextInt() & 0x0fffL);
    long low = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
