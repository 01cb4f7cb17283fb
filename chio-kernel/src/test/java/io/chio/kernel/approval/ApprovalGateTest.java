package io.chio.kernel.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.kernel.store.StoreException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApprovalGateTest {
  static final long NOW = 1_700_000_000L;
  static final Ed25519SigningKey APPROVER = Ed25519SigningKey.fromSeed(new byte[32]);
  static final Ed25519SigningKey STRANGER = Ed25519SigningKey.fromSeedHex("01".repeat(32));
  static final String AGENT = Ed25519SigningKey.fromSeedHex("02".repeat(32)).publicKey().toHex();
  static final String PARAMS_HASH = Sha256.hex(CanonicalJson.bytes(Json.parse("{\"amount\":12000,\"to\":\"acct_1\"}")));

  final InMemoryApprovalStore store = new InMemoryApprovalStore();
  final ApprovalGate gate = new ApprovalGate(store, Set.of(APPROVER.publicKey()), new SecureRandom());
  final ApprovalGate.Call call = new ApprovalGate.Call("cap-1", AGENT, "srv-pay", "stripe_create_payment", PARAMS_HASH);

  ApprovalRequest open() throws StoreException {
    return gate.open(call, 12000L, "amount 12000 reaches the approval threshold 10000", NOW, 600);
  }

  ApprovalToken approve(ApprovalRequest r) {
    return ApprovalToken.sign(APPROVER, r, ApprovalToken.Decision.APPROVED, "tok-1", NOW + 5, NOW + 305);
  }

  @Test
  void anApprovedTokenLetsTheSameCallThroughExactlyOnce() throws Exception {
    ApprovalRequest r = open();
    assertThat(r.approvalId()).matches("apr-[0-9a-f]{32}");
    assertThat(r.expiresAt()).isEqualTo(NOW + 600);
    assertThat(store.pending(NOW)).containsExactly(r);
    ApprovalToken t = approve(r);
    assertThat(gate.redeem(t, call, NOW + 10)).isEqualTo(r);
    assertThat(store.pending(NOW + 10)).isEmpty();
    assertThatThrownBy(() -> gate.redeem(t, call, NOW + 11)).isInstanceOf(ApprovalException.class).hasMessage("approval has already been used");
    ApprovalToken second = ApprovalToken.sign(APPROVER, r, ApprovalToken.Decision.APPROVED, "tok-2", NOW + 5, NOW + 305);
    assertThatThrownBy(() -> gate.redeem(second, call, NOW + 12)).hasMessage("approval has already been used");
  }

  @Test
  void concurrentRedemptionsLetExactlyOneThrough() throws Exception {
    ApprovalRequest r = open();
    ApprovalToken t = approve(r);
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
          gate.redeem(t, call, NOW + 10);
          ok.incrementAndGet();
        } catch (Exception expected) {
          // refused redemptions are the point of the test
        }
      });
      th.start();
      threads.add(th);
    }
    start.countDown();
    for (Thread th : threads) {
      th.join();
    }
    assertThat(ok.get()).isEqualTo(1);
  }

  @Test
  void theTokenOnlyCoversTheCallItWasGrantedFor() throws Exception {
    ApprovalToken t = approve(open());
    String otherParams = Sha256.hex(CanonicalJson.bytes(Json.parse("{\"amount\":99999,\"to\":\"acct_1\"}")));
    assertThatThrownBy(() -> gate.redeem(t, new ApprovalGate.Call("cap-1", AGENT, "srv-pay", "stripe_create_payment", otherParams), NOW + 10))
        .hasMessage("approval was granted for different parameters");
    assertThatThrownBy(() -> gate.redeem(t, new ApprovalGate.Call("cap-1", AGENT, "srv-pay", "stripe_create_refund", PARAMS_HASH), NOW + 10))
        .hasMessage("approval was granted for a different call");
    assertThatThrownBy(() -> gate.redeem(t, new ApprovalGate.Call("cap-2", AGENT, "srv-pay", "stripe_create_payment", PARAMS_HASH), NOW + 10))
        .hasMessage("approval was granted for a different call");
    assertThatThrownBy(() -> gate.redeem(t, new ApprovalGate.Call("cap-1", STRANGER.publicKey().toHex(), "srv-pay", "stripe_create_payment", PARAMS_HASH), NOW + 10))
        .hasMessage("approval was granted for a different call");
    // None of the refusals used the approval up.
    assertThat(gate.redeem(t, call, NOW + 10)).isNotNull();
  }

  @Test
  void onlyTrustedApproversCount() throws Exception {
    ApprovalRequest r = open();
    ApprovalToken t = ApprovalToken.sign(STRANGER, r, ApprovalToken.Decision.APPROVED, "tok-x", NOW, NOW + 300);
    assertThatThrownBy(() -> gate.redeem(t, call, NOW + 1)).hasMessage("approval token approver is not trusted");
    ApprovalGate nobodyTrusted = new ApprovalGate(store, Set.of(), new SecureRandom());
    assertThatThrownBy(() -> nobodyTrusted.redeem(approve(r), call, NOW + 10)).hasMessage("approval token approver is not trusted");
  }

  @Test
  void timeBoundsAreEnforced() throws Exception {
    ApprovalRequest r = open();
    ApprovalToken t = approve(r);
    assertThatThrownBy(() -> gate.redeem(t, call, NOW + 4)).hasMessage("approval token is not yet valid");
    assertThatThrownBy(() -> gate.redeem(t, call, NOW + 305)).hasMessage("approval token has expired");
    ApprovalToken longLived = ApprovalToken.sign(APPROVER, r, ApprovalToken.Decision.APPROVED, "tok-l", NOW, NOW + 3601);
    assertThatThrownBy(() -> gate.redeem(longLived, call, NOW + 1)).hasMessageContaining("lifetime exceeds 3600");
    ApprovalToken late = ApprovalToken.sign(APPROVER, r, ApprovalToken.Decision.APPROVED, "tok-late", NOW + 590, NOW + 700);
    assertThatThrownBy(() -> gate.redeem(late, call, NOW + 600)).hasMessage("approval request has expired");
    assertThat(gate.redeem(t, call, NOW + 304)).isEqualTo(r);
  }

  @Test
  void aDeniedAnswerDeniesWithoutUsingTheApprovalUp() throws Exception {
    ApprovalRequest r = open();
    ApprovalToken no = ApprovalToken.sign(APPROVER, r, ApprovalToken.Decision.DENIED, "tok-no", NOW, NOW + 300);
    assertThatThrownBy(() -> gate.redeem(no, call, NOW + 1)).hasMessage("approval was denied by the approver");
    assertThat(store.pending(NOW + 1)).containsExactly(r);
  }

  @Test
  void unknownApprovalIdsAreRefused() throws Exception {
    ApprovalRequest ghost = new ApprovalRequest("apr-ghost", "cap-1", AGENT, "srv-pay", "stripe_create_payment", PARAMS_HASH, null, "x", NOW, NOW + 60);
    assertThatThrownBy(() -> gate.redeem(approve(ghost), call, NOW + 10)).hasMessage("approval token names an unknown approval request");
  }

  /** Every field of a valid token, changed, stops it from working (as a parse error or a refusal). */
  @Test
  void mutatingAnyFieldInvalidatesTheToken() throws Exception {
    ApprovalRequest r = open();
    ObjectNode wire = approve(r).toJson();
    List<String> fields = new ArrayList<>();
    for (Iterator<String> it = wire.fieldNames(); it.hasNext(); ) {
      fields.add(it.next());
    }
    assertThat(fields).hasSize(13);
    for (String f : fields) {
      ObjectNode m = wire.deepCopy();
      if (m.get(f).isNumber()) {
        m.put(f, m.get(f).longValue() + 1);
      } else if (f.equals("signature") || f.equals("approver")) {
        String hex = m.get(f).textValue();
        m.put(f, (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1));
      } else if (f.equals("decision")) {
        m.put(f, "denied");
      } else {
        m.put(f, m.get(f).textValue() + "x");
      }
      assertThat(redeemRefused(m)).as("mutated %s", f).isTrue();
    }
    assertThat(gate.redeem(ApprovalToken.fromJson(wire), call, NOW + 10)).isEqualTo(r);
  }

  private boolean redeemRefused(ObjectNode wire) {
    try {
      gate.redeem(ApprovalToken.fromJson(wire), call, NOW + 10);
      return false;
    } catch (ChioFormatException | ApprovalException e) {
      return true;
    } catch (StoreException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void wireFormIsStrictAndRoundTrips() throws Exception {
    ApprovalToken t = approve(open());
    ObjectNode wire = t.toJson();
    assertThat(ApprovalToken.fromJson(wire).toJson()).isEqualTo(wire);
    ObjectNode extra = wire.deepCopy();
    extra.put("scope", "all");
    assertThatThrownBy(() -> ApprovalToken.fromJson(extra)).isInstanceOf(ChioFormatException.class).hasMessageContaining("unknown field \"scope\"");
    ObjectNode missing = wire.deepCopy();
    missing.remove("parameter_hash");
    assertThatThrownBy(() -> ApprovalToken.fromJson(missing)).hasMessageContaining("parameter_hash");
    ObjectNode schema = wire.deepCopy();
    schema.put("schema", "chio.approval_token.v2");
    assertThatThrownBy(() -> ApprovalToken.fromJson(schema)).hasMessageContaining("schema");
    ObjectNode negative = wire.deepCopy();
    negative.put("expires_at", -1);
    assertThatThrownBy(() -> ApprovalToken.fromJson(negative)).hasMessageContaining("expires_at");
  }

  @Test
  void storeSavesIdempotentlyAndRefusesIdClashes() throws Exception {
    ApprovalRequest r = open();
    store.savePending(r);
    ApprovalRequest clash = new ApprovalRequest(r.approvalId(), "cap-9", AGENT, "srv", "t", PARAMS_HASH, null, "x", NOW, NOW + 5);
    assertThatThrownBy(() -> store.savePending(clash)).isInstanceOf(StoreException.class);
    assertThat(store.pending(NOW + 600)).isEmpty();
    assertThat(store.consume("apr-none", "t", NOW)).isFalse();
    assertThat(ApprovalRequest.fromJson(r.toJson())).isEqualTo(r);
  }
}
