package io.chio.core.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DidChioTest {
  private static final String KEY = "66be7e332c7a453332bd9d0a7f7db055f5c5ef1a06ada66d98b39fb6810c473a";

  @Test
  void base58KnownAnswers() {
    // Computed independently with a python3 big-integer base58 encoder.
    assertThat(Base58.encode(new byte[0])).isEmpty();
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThat(Base58.encode("hello world".getBytes(StandardCharsets.US_ASCII))).isEqualTo("StV1DL6CwTryKyV");
    assertThat(Base58.encode(new byte[32])).isEqualTo("1".repeat(32));
  }

  @Test
  void parseAcceptsAnyHexCaseAndFormatsLowercase() {
    DidChio lower = DidChio.parse("did:chio:" + KEY);
    DidChio upper = DidChio.parse("did:chio:" + KEY.toUpperCase());
    assertThat(upper).isEqualTo(lower);
    assertThat(upper.toString()).isEqualTo("did:chio:" + KEY);
    assertThat(lower.publicKey()).isEqualTo(Ed25519SigningKey.fromSeedHex("0b".repeat(32)).publicKey());
  }

  @Test
  void documentKnownAnswer() {
    DidChio did = DidChio.parse("did:chio:" + KEY);
    // publicKeyMultibase computed independently with python3: "z" + base58(0xed 0x01 || key).
    assertThat(did.publicKeyMultibase()).isEqualTo("z6MkmNL6xksdEJENGk9Z1qqGsY5njKQdjU1UhnUEUvWyQUVX");
    String id = "did:chio:" + KEY;
    assertThat(CanonicalJson.string(did.document()))
        .isEqualTo(
            "{\"@context\":\"https://www.w3.org/ns/did/v1\",\"assertionMethod\":[\"" + id + "#key-1\"],"
                + "\"authentication\":[\"" + id + "#key-1\"],\"id\":\"" + id + "\","
                + "\"verificationMethod\":[{\"controller\":\"" + id + "\",\"id\":\"" + id + "#key-1\","
                + "\"publicKeyMultibase\":\"z6MkmNL6xksdEJENGk9Z1qqGsY5njKQdjU1UhnUEUvWyQUVX\","
                + "\"type\":\"Ed25519VerificationKey2020\"}]}");
  }

  @Test
  void malformedDidsAreRejected() {
    for (String bad :
        new String[] {
          "did:key:" + KEY, "did:chio:" + KEY.substring(2), "did:chio:" + KEY + "00", "did:chio:0x" + KEY.substring(2),
          "did:chio:" + "g".repeat(64), "DID:CHIO:" + KEY, "did:chio:", "did:chio:" + KEY.substring(0, 63) + "\u0661"
        }) {
      assertThatThrownBy(() -> DidChio.parse(bad)).as(bad).isInstanceOf(ChioFormatException.class).hasMessageStartingWith("did");
    }
  }
}
