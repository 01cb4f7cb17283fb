package io.chio.kernel.guards.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScannerTest {
  private static final PiiScanner ALL = PiiScanner.of(EnumSet.allOf(PiiScanner.Type.class));

  private static List<String> found(String text) {
    return ALL.scan(text).stream().map(f -> f.type() + ":" + text.substring(f.start(), f.end())).toList();
  }

  @Test
  void findsEachTypeWithExactSpans() {
    assertThat(found("mail jane.doe+x@mail.example.co.uk now")).containsExactly("EMAIL:jane.doe+x@mail.example.co.uk");
    assertThat(found("ssn 219-09-9999.")).containsExactly("SSN:219-09-9999");
    assertThat(found("visa 4111 1111 1111 1111, amex 378282246310005")).containsExactly(
        "CREDIT_CARD:4111 1111 1111 1111", "CREDIT_CARD:378282246310005");
    assertThat(found("call +44 20 7946 0958 or (212) 555-0187 or 212.555.0187")).containsExactly(
        "PHONE:+44 20 7946 0958", "PHONE:(212) 555-0187", "PHONE:212.555.0187");
    assertThat(found("host 192.168.1.20:8080")).containsExactly("IPV4:192.168.1.20");
  }

  @ParameterizedTest
  @ValueSource(strings = {"000-12-3456", "666-12-3456", "912-12-3456", "219-00-1234", "219-09-0000", "1219-09-9999", "219-09-99991"})
  void ssnRulesRejectInvalidNumbers(String text) {
    assertThat(ALL.scan(text)).noneMatch(f -> f.type() == PiiScanner.Type.SSN);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "4111 1111 1111 1112", // Luhn fails
      "0000 0000 0000 0000", // no issuer
      "9876543210123456", // no issuer
      "1710000000123", // a millisecond timestamp
      "5012 3456 7890 1234 5678", // too long for its prefix
  })
  void cardsNeedIssuerPrefixLengthAndLuhn(String text) {
    assertThat(ALL.scan(text)).noneMatch(f -> f.type() == PiiScanner.Type.CREDIT_CARD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"icon@2x.png", "git@github.com:acme/api.git", "ssh://git@github.com/acme/api", "@types/node",
      "pkg@1.2.3", "image@sha256:abc", "user@localhost"})
  void emailLookAlikesAreNotEmails(String text) {
    assertThat(ALL.scan(text)).noneMatch(f -> f.type() == PiiScanner.Type.EMAIL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2125550187", "1710000000", "v1.2.3.4.5", "2023-01-15", "build 212-5550-187"})
  void barenumbersAndVersionsAreNotPhones(String text) {
    assertThat(ALL.scan(text)).noneMatch(f -> f.type() == PiiScanner.Type.PHONE);
  }

  @Test
  void ipv4RejectsOutOfRangeAndLongerDottedNumbers() {
    assertThat(found("256.1.1.1 1.2.3.4.5 10.0.0.1")).containsExactly("IPV4:10.0.0.1");
  }

  @Test
  void defaultsLeaveIpv4Out() {
    assertThat(PiiScanner.defaults().types()).containsExactlyInAnyOrder(
        PiiScanner.Type.EMAIL, PiiScanner.Type.SSN, PiiScanner.Type.CREDIT_CARD, PiiScanner.Type.PHONE);
    assertThat(PiiScanner.defaults().scan("10.0.0.1")).isEmpty();
  }

  @Test
  void onlyRequestedTypesAreReported() {
    PiiScanner ssnOnly = PiiScanner.of(Set.of(PiiScanner.Type.SSN));
    assertThat(ssnOnly.scan("a@example.com 219-09-9999")).extracting(PiiScanner.Finding::type).containsExactly(PiiScanner.Type.SSN);
    assertThat(PiiScanner.of(Set.of()).scan("a@example.com")).isEmpty();
  }

  @Test
  void typeNamesParseFromConfig() {
    assertThat(PiiScanner.Type.parse("credit_card")).isEqualTo(PiiScanner.Type.CREDIT_CARD);
    assertThatThrownBy(() -> PiiScanner.Type.parse("passport")).hasMessageContaining("passport");
  }

  @Test
  void luhnKnownAnswers() {
    assertThat(PiiScanner.luhn("79927398713")).isTrue();
    assertThat(PiiScanner.luhn("79927398710")).isFalse();
  }
}
