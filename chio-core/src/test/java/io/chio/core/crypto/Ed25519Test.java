package io.chio.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.ChioFormatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  // RFC 8032 section 7.1, TEST 1 and TEST 2.
  @Test
  void rfc8032KnownAnswers() {
    Ed25519SigningKey k1 = Ed25519SigningKey.fromSeedHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    assertThat(k1.publicKey().toHex()).isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(k1.sign(new byte[0]).toHex())
        .isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    Ed25519SigningKey k2 = Ed25519SigningKey.fromSeedHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    assertThat(k2.sign(new byte[] {0x72}).toHex())
        .isEqualTo("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  }

  @Test
  void everySingleBitFlipOfSignatureOrMessageIsRejected() {
    Ed25519SigningKey k = Ed25519SigningKey.fromSeed(new byte[32]);
    byte[] msg = "chio receipt".getBytes(StandardCharsets.UTF_8);
    byte[] sig = k.sign(msg).toBytes();
    assertThat(k.publicKey().verify(msg, Ed25519Signature.fromBytes(sig))).isTrue();
    for (int i = 0; i < sig.length * 8; i++) {
      byte[] s = sig.clone();
      s[i / 8] ^= (byte) (1 << (i % 8));
      assertThat(k.publicKey().verify(msg, Ed25519Signature.fromBytes(s))).as("sig bit %d", i).isFalse();
    }
    for (int i = 0; i < msg.length * 8; i++) {
      byte[] m = msg.clone();
      m[i / 8] ^= (byte) (1 << (i % 8));
      assertThat(k.publicKey().verify(m, Ed25519Signature.fromBytes(sig))).as("msg bit %d", i).isFalse();
    }
  }

  @Test
  void seedNeverPrintedAndBadKeysRejected() {
    Ed25519SigningKey k = Ed25519SigningKey.fromSeedHex("0b".repeat(32));
    assertThat(k.toString()).doesNotContain("0b0b0b0b").contains("redacted");
    assertThatThrownBy(() -> Ed25519PublicKey.fromHex("ab".repeat(31))).isInstanceOf(ChioFormatException.class).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Ed25519PublicKey.fromHex("abc")).isInstanceOf(ChioFormatException.class).hasMessageContaining("odd-length");
    assertThatThrownBy(() -> Hex.decode("zz", "x")).isInstanceOf(ChioFormatException.class);
    assertThat(Ed25519PublicKey.fromHex("0x" + "AB".repeat(32)).toHex()).isEqualTo("ab".repeat(32));
  }
}
