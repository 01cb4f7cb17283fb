package io.chio.govern;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.kernel.store.InMemoryReceiptLog;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.kernel.store.StoreException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GovernServiceTest {
  static final byte[] SEED_SAMPLE = "{\"action\":\"evaluate\",\"payload\":{\"message\":\"My SSN is 123-45-6789\"}}".getBytes(StandardCharsets.UTF_8);
  static final ReceiptSigner SIGNER = new ReceiptSigner(TestEngines.KEY);

  static ChioReceipt stored(InMemoryReceiptLog log, String id) {
    ReceiptRecord r = log.records().stream().filter(x -> x.receiptId().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id));
    assertThat(r.kind()).isEqualTo("chio");
    return ChioReceipt.fromCanonicalBytes(r.canonicalJson());
  }

  @Test
  void answersAsTheEngineAndLogsTheReceiptBeforeAnswering() throws Exception {
    InMemoryReceiptLog log = new InMemoryReceiptLog();
    GovernService s = GovernService.lazy(GovernPolicy::defaults, SIGNER, TestEngines.CLOCK, log);
    GovernResponse r = s.handle(new ByteArrayInputStream(SEED_SAMPLE));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("decision").asText()).isEqualTo("modify");
    assertThat(r.body().path("modified_payload").path("message").asText()).isEqualTo("My SSN is [SSN_REDACTED]");
    ChioReceipt receipt = stored(log, r.body().path("receipt_id").asText());
    assertThat(ReceiptVerifier.trusting(TestEngines.KEY.publicKey()).verify(receipt).problems()).isEmpty();
    // Same engine answer as a bare engine would give (ids and signatures aside).
    GovernResponse bare = TestEngines.engine(GovernPolicy.defaults()).handle(SEED_SAMPLE);
    ObjectNode served = r.body().deepCopy();
    ObjectNode direct = bare.body().deepCopy();
    served.remove(List.of("receipt_id", "receipt"));
    direct.remove(List.of("receipt_id", "receipt"));
    assertThat((Object) served).isEqualTo(direct);
  }

  @Test
  void oversizeBodiesAreRefusedAfterReadingOnlyTheLimitPlusOneByte() throws Exception {
    GovernPolicy small = GovernPolicy.parse("govern: \"0.1\"\nlimits: {max_payload_bytes: 64}\n".getBytes(StandardCharsets.UTF_8));
    InMemoryReceiptLog log = new InMemoryReceiptLog();
    GovernService s = GovernService.lazy(() -> small, SIGNER, TestEngines.CLOCK, log);
    AtomicInteger read = new AtomicInteger();
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        read.incrementAndGet();
        return 'x';
      }
    };
    GovernResponse r = s.handle(endless);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body().path("error_type").asText()).isEqualTo("PayloadTooLarge");
    assertThat(read.get()).isEqualTo(65);
    assertThat(stored(log, r.body().path("receipt_id").asText()).decision().orElseThrow().verdict()).isEqualTo("deny");
  }

  @Test
  void aPolicyThatDoesNotLoadBlocksEveryRequestWithASignedDeny() throws Exception {
    InMemoryReceiptLog log = new InMemoryReceiptLog();
    AtomicInteger loads = new AtomicInteger();
    GovernService s = GovernService.lazy(() -> {
      loads.incrementAndGet();
      throw new IllegalArgumentException("CHIO_GOVERN_POLICY /nope.yaml: no such file");
    }, SIGNER, TestEngines.CLOCK, log);
    for (byte[] body : new byte[][] {SEED_SAMPLE, "{\"action\":\"health\"}".getBytes(StandardCharsets.UTF_8)}) {
      GovernResponse r = s.handle(body);
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.body().path("decision").asText()).isEqualTo("block");
      assertThat(r.body().path("error_type").asText()).isEqualTo("ConfigurationError");
      assertThat(r.body().path("error").asText()).contains("/nope.yaml: no such file");
      ChioReceipt receipt = stored(log, r.body().path("receipt_id").asText());
      assertThat(receipt.decision().orElseThrow().verdict()).isEqualTo("deny");
      assertThat(receipt.policyHash()).isNotEqualTo(GovernPolicy.defaults().hash());
    }
    assertThat(loads.get()).isEqualTo(1);
    GovernResponse refused = GovernService.failClosed("extension init failed", SIGNER, TestEngines.CLOCK, log).handle(SEED_SAMPLE);
    assertThat(refused.status()).isEqualTo(500);
    assertThat(refused.body().path("error").asText()).isEqualTo("extension init failed");
  }

  @Test
  void aReceiptTheLogRefusesIsNeverAcknowledged() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    InMemoryReceiptLog stored = new InMemoryReceiptLog();
    ReceiptLog flaky = new ReceiptLog() {
      @Override
      public long append(ReceiptRecord record) throws StoreException {
        if (down.get()) {
          throw new StoreException("disk full");
        }
        return stored.append(record);
      }

      @Override
      public void close() {}
    };
    GovernService s = GovernService.lazy(GovernPolicy::defaults, SIGNER, TestEngines.CLOCK, flaky);
    for (String body : new String[] {new String(SEED_SAMPLE, StandardCharsets.UTF_8), "{not json", "{\"action\":\"batch\",\"requests\":[{\"payload\":\"a\"}]}"}) {
      GovernResponse r = s.handle(body.getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as(body).isEqualTo(500);
      assertThat(r.body().path("decision").asText()).isEqualTo("block");
      assertThat(r.body().path("error_type").asText()).isEqualTo("ReceiptNotRecorded");
      assertThat(r.body().has("receipt_id")).isFalse();
    }
    assertThat(stored.records()).isEmpty();
    down.set(false);
    GovernResponse ok = s.handle(SEED_SAMPLE);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(stored.records()).extracting(ReceiptRecord::receiptId).containsExactly(ok.body().path("receipt_id").asText());
  }
}
