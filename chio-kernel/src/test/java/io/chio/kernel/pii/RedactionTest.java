package io.chio.kernel.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final String TEXT = "ssn 219-09-9999, mail jane@example.com, again jane@example.com";
  private static final List<PiiMatch> FOUND = PiiDetector.defaults().scan(TEXT);

  @Test
  void strategies() {
    assertThat(Redactor.apply(TEXT, FOUND, Redaction.label())).isEqualTo("ssn [SSN_REDACTED], mail [EMAIL_REDACTED], again [EMAIL_REDACTED]");
    assertThat(Redactor.apply(TEXT, FOUND, Redaction.mask())).startsWith("ssn ***-**-****, mail ****@*******.***");
    assertThat(Redactor.apply(TEXT, FOUND, Redaction.partial())).isEqualTo("ssn ***-**-9999, mail ****@******e.com, again ****@******e.com");
    assertThat(Redactor.apply(TEXT, FOUND, Redaction.drop())).isEqualTo("ssn , mail , again ");
  }

  @Test
  void keyedHashIsStablePerValueAndKeyAndNeverPrintsTheKey() {
    RedactionKey key = RedactionKey.fromHex("0f".repeat(32));
    String out = Redactor.apply(TEXT, FOUND, Redaction.keyedHash(key));
    String[] tokens = out.replaceAll("[^\\[]*(\\[[A-Z_0-9a-f]+\\])[^\\[]*", "$1 ").trim().split(" ");
    assertThat(tokens).hasSize(3);
    assertThat(tokens[1]).startsWith("[EMAIL_").isEqualTo(tokens[2]).isNotEqualTo(tokens[0]);
    String other = Redactor.apply(TEXT, FOUND, Redaction.keyedHash(RedactionKey.fromHex("f0".repeat(32))));
    assertThat(other).isNotEqualTo(out);
    assertThat(key.toString()).doesNotContain("0f0f").contains("<redacted>");
    assertThat(Redaction.keyedHash(key).toString()).doesNotContain("0f0f");
    assertThatThrownBy(() -> RedactionKey.of(new byte[8])).hasMessageContaining("at least 16 bytes");
    assertThatThrownBy(() -> Redaction.parse("hash", null)).hasMessageContaining("needs a redaction key");
    assertThatThrownBy(() -> Redaction.parse("shred", null)).hasMessageContaining("known: label, mask, partial, hash, drop");
  }
}
