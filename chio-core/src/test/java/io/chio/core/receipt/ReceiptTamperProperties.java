package io.chio.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Hex;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Any single-byte change to a stored receipt, or to its raw signature, is rejected: either the bytes
 * no longer parse as a canonical receipt (a {@link ChioFormatException}, never another exception) or
 * the receipt does not verify.
 */
class ReceiptTamperProperties {
  private static final ReceiptSigner SIGNER = new ReceiptSigner(Fixtures.KERNEL);
  private static final ReceiptVerifier VERIFIER = ReceiptVerifier.trusting(Fixtures.KERNEL.publicKey());

  @Provide
  Arbitrary<ReceiptDraft> drafts() {
    return ReceiptArbitraries.drafts();
  }

  @Property(tries = 40)
  void everyByteFlipOfTheCanonicalReceiptIsRejected(
      @ForAll("drafts") ReceiptDraft draft, @ForAll @IntRange(min = 0, max = 254) int seed) {
    ChioReceipt receipt = SIGNER.sign(draft);
    assertThat(VERIFIER.verify(receipt).ok()).isTrue();
    assertThat(ChioReceipt.fromCanonicalBytes(receipt.canonicalBytes())).isEqualTo(receipt);
    byte[] original = receipt.canonicalBytes();
    for (int i = 0; i < original.length; i++) {
      byte[] tampered = original.clone();
      tampered[i] ^= (byte) (1 + (seed + 7 * i) % 255);
      assertRejected(tampered, i);
    }
  }

  private static void assertRejected(byte[] tampered, int position) {
    ChioReceipt parsed;
    try {
      parsed = ChioReceipt.fromCanonicalBytes(tampered);
    } catch (ChioFormatException expected) {
      return;
    }
    ReceiptVerification v = VERIFIER.verify(parsed);
    assertThat(v.signatureValid()).as("byte %d: %s", position, v).isFalse();
    assertThat(v.ok()).isFalse();
  }

  @Property(tries = 30)
  void everyBitFlipOfTheRawSignatureIsRejected(@ForAll("drafts") ReceiptDraft draft) {
    ChioReceipt receipt = SIGNER.sign(draft);
    byte[] sig = receipt.ed25519Signature().orElseThrow().toBytes();
    for (int bit = 0; bit < sig.length * 8; bit += 3) {
      byte[] s = sig.clone();
      s[bit / 8] ^= (byte) (1 << (bit % 8));
      ObjectNode j = receipt.toJson();
      j.put("signature", Hex.encode(s));
      ReceiptVerification v = VERIFIER.verify(ChioReceipt.fromJson(j));
      assertThat(v.signatureValid()).as("bit %d", bit).isFalse();
      assertThat(v.receiptIdValid()).isTrue();
    }
  }
}
