package io.chio.govern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The governance API as a sidecar serves it ({@code POST /v1/govern} on the chio-lambda extension,
 * {@code POST /chio/govern} on chio-protect): a body read up to the policy's limit, answered exactly
 * as {@link GovernEngine} answers it, every receipt signed with the sidecar's kernel key and
 * appended to the sidecar's {@link ReceiptLog} before the answer goes out.
 *
 * <p>The engine (policy parse, detector warm-up) is built on the first request, so a sidecar that
 * never governs content pays nothing at start. A policy that cannot be loaded makes every request
 * a 500 block with a signed deny receipt naming the problem. A receipt the log refuses is never
 * acknowledged: the request is answered 500 {@code ReceiptNotRecorded} without that receipt's id.
 * Thread-safe.
 */
public final class GovernService {
  private final Supplier<GovernPolicy> policy;
  private final String refusal;
  private final ReceiptSigner signer;
  private final Clock clock;
  private final ReceiptLog log;
  private volatile GovernEngine engine;

  private GovernService(Supplier<GovernPolicy> policy, String refusal, ReceiptSigner signer, Clock clock, ReceiptLog log) {
    this.policy = policy;
    this.refusal = refusal;
    this.signer = Objects.requireNonNull(signer, "signer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * @param policy loads the policy on first use; an {@link IllegalArgumentException} (or any runtime
   *     failure) from it makes the service fail closed with that message
   */
  public static GovernService lazy(Supplier<GovernPolicy> policy, ReceiptSigner signer, Clock clock, ReceiptLog log) {
    return new GovernService(Objects.requireNonNull(policy, "policy"), null, signer, clock, log);
  }

  /** A service that refuses every request (500 block, signed deny receipt naming {@code reason}). */
  public static GovernService failClosed(String reason, ReceiptSigner signer, Clock clock, ReceiptLog log) {
    return new GovernService(null, Objects.requireNonNull(reason, "reason"), signer, clock, log);
  }

  /** Reads at most the policy's {@code max_payload_bytes} + 1 bytes of {@code body} and answers; never throws for bad input. */
  public GovernResponse handle(InputStream body) throws IOException {
    Objects.requireNonNull(body, "body");
    GovernEngine e = engine();
    return answer(e, BoundedBody.read(body, e.policy().limits().maxPayloadBytes()));
  }

  /** Answers a body already read (at most the limit + 1 bytes are looked at by the engine's size check). */
  public GovernResponse handle(byte[] body) {
    Objects.requireNonNull(body, "body");
    return answer(engine(), body);
  }

  private static GovernResponse answer(GovernEngine e, byte[] body) {
    try {
      return e.handle(body);
    } catch (ReceiptNotRecorded notRecorded) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("error", "the receipt for this decision could not be recorded, so nothing is acknowledged (fail-closed); retry later");
      o.put("error_type", "ReceiptNotRecorded");
      o.put("decision", "block");
      return new GovernResponse(500, o);
    }
  }

  /** The engine, built once; a policy failure yields a refusing engine, kept like a good one. */
  GovernEngine engine() {
    GovernEngine e = engine;
    if (e == null) {
      synchronized (this) {
        e = engine;
        if (e == null) {
          e = build();
          engine = e;
        }
      }
    }
    return e;
  }

  private GovernEngine build() {
    if (refusal != null) {
      return GovernEngine.failClosed(refusal, signer, clock, this::record);
    }
    try {
      GovernPolicy p = Objects.requireNonNull(policy.get(), "policy");
      p.detector().warmUp();
      return new GovernEngine(p, signer, clock, this::record);
    } catch (RuntimeException ex) {
      return GovernEngine.failClosed("governance policy could not be loaded (fail-closed, every request blocks): " + ex.getMessage(),
          signer, clock, this::record);
    }
  }

  /** Appends with the index columns LogVerifier derives from the signed bytes. */
  private void record(ChioReceipt r) {
    try {
      log.append(new ReceiptRecord(r.canonicalBytes(), r.id(), "chio", r.timestamp(), r.capabilityId(), null, r.toolServer(), r.toolName(),
          r.decision().map(Decision::verdict).orElse(null), null));
    } catch (StoreException | RuntimeException e) {
      throw new ReceiptNotRecorded(e);
    }
  }

  /** Carries a log refusal out of the engine, so the answer cannot acknowledge a receipt that is not stored. */
  private static final class ReceiptNotRecorded extends RuntimeException {
    ReceiptNotRecorded(Exception cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
