package io.chio.kernel.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiDetectorTest {
  private static final PiiDetector ALL = PiiDetector.of(EnumSet.allOf(PiiType.class));

  private static List<String> found(String text) {
    return ALL.scan(text).stream().map(f -> f.label() + ":" + text.substring(f.start(), f.end())).toList();
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

  @Test
  void everyMatchCarriesConfidenceAndValidator() {
    PiiMatch m = ALL.scan("IBAN DE89 3704 0044 0532 0130 00 please").get(0);
    assertThat(m.type()).isEqualTo(PiiType.IBAN);
    assertThat(m.validator()).isEqualTo("iso13616-mod97");
    assertThat(m.confidence()).isGreaterThan(0.9);
    assertThat(m.start()).isEqualTo(5);
    assertThat(m.end()).isEqualTo(32);
  }

  @ParameterizedTest
  @ValueSource(strings = {"000-12-3456", "666-12-3456", "912-12-3456", "219-00-1234", "219-09-0000", "1219-09-9999", "219-09-99991"})
  void ssnRulesRejectInvalidNumbers(String text) {
    assertThat(ALL.scan(text)).noneMatch(f -> f.type() == PiiType.SSN);
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
    assertThat(ALL.scan(text)).noneMatch(f -> f.type() == PiiType.CREDIT_CARD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"icon@2x.png", "git@github.com:acme/api.git", "ssh://git@github.com/acme/api", "@types/node",
      "pkg@1.2.3", "image@sha256:abc", "user@localhost"})
  void emailLookAlikesAreNotEmails(String text) {
    assertThat(ALL.scan(text)).noneMatch(f -> f.type() == PiiType.EMAIL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2125550187", "1710000000", "v1.2.3.4.5", "2023-01-15", "build 212-5550-187"})
  void bareNumbersAndVersionsAreNotPhones(String text) {
    assertThat(ALL.scan(text)).noneMatch(f -> f.type() == PiiType.PHONE);
  }

  @Test
  void ipv4RejectsOutOfRangeAndLongerDottedNumbers() {
    assertThat(found("256.1.1.1 1.2.3.4.5 10.0.0.1")).containsExactly("IPV4:10.0.0.1");
  }

  @Test
  void onlyRequestedTypesAreReported() {
    PiiDetector ssnOnly = PiiDetector.of(Set.of(PiiType.SSN));
    assertThat(ssnOnly.scan("a@example.com 219-09-9999")).extracting(PiiMatch::type).containsExactly(PiiType.SSN);
    assertThat(PiiDetector.of(Set.of()).scan("a@example.com")).isEmpty();
  }

  @Test
  void regionsAndIndustriesSelectTypes() {
    PiiDetector uk = PiiDetector.builder().regions(List.of("uk")).build();
    assertThat(uk.types()).contains(PiiType.UK_NINO, PiiType.NHS_NUMBER, PiiType.EMAIL).doesNotContain(PiiType.SSN, PiiType.AADHAAR);
    assertThat(PiiDetector.defaults().types()).doesNotContain(PiiType.ICD10_CODE, PiiType.ABA_ROUTING);
    PiiDetector health = PiiDetector.builder().industries(List.of("healthcare")).build();
    assertThat(health.types()).contains(PiiType.ICD10_CODE, PiiType.MEDICAL_RECORD_NUMBER).doesNotContain(PiiType.ABA_ROUTING);
    assertThatThrownBy(() -> PiiDetector.builder().regions(List.of("mars"))).hasMessageContaining("unknown region \"mars\"");
    assertThatThrownBy(() -> PiiDetector.builder().industries(List.of("retail"))).hasMessageContaining("finance, healthcare");
  }

  @Test
  void secretsAreFoundWithTheirKind() {
    List<PiiMatch> m = ALL.scan("key AKIAUJZDE8GXD6NCF10E in the log");
    assertThat(m).singleElement().satisfies(f -> {
      assertThat(f.type()).isEqualTo(PiiType.SECRET);
      assertThat(f.label()).isEqualTo("AWS_ACCESS_KEY");
      assertThat(f.validator()).isEqualTo("secret-leak");
    });
  }

  @Test
  void typeNamesParseFromConfig() {
    assertThat(PiiType.parse("credit_card")).isEqualTo(PiiType.CREDIT_CARD);
    assertThat(PiiType.parse("passport")).isEqualTo(PiiType.PASSPORT);
    assertThatThrownBy(() -> PiiType.parse("pasport")).hasMessageContaining("pasport").hasMessageContaining("uk_nino");
  }

  @Test
  void checksumKnownAnswers() {
    assertThat(Checksums.luhn("79927398713")).isTrue();
    assertThat(Checksums.luhn("79927398710")).isFalse();
    assertThat(Checksums.verhoeff("2363")).isTrue();
    assertThat(Checksums.verhoeff("2364")).isFalse();
    assertThat(Checksums.iban("GB82WEST12345698765432")).isTrue();
    assertThat(Checksums.nhs("9434765919")).isTrue();
    assertThat(Checksums.cpf("52998224725")).isTrue();
    assertThat(Checksums.cnpj("11222333000181")).isTrue();
    assertThat(Checksums.aba("011000015")).isTrue();
    assertThat(Checksums.tfn("123456782")).isTrue();
    assertThat(Checksums.chinaId("11010519491231002X")).isTrue();
    assertThat(Checksums.base58Check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")).isTrue();
    assertThat(Checksums.bech32("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")).isTrue();
    assertThat(Checksums.eip55("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).isTrue();
    assertThat(Checksums.eip55("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")).isFalse();
    assertThat(Checksums.mod11_10("136695976")).isTrue();
  }
}
