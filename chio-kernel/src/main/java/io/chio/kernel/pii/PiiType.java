package io.chio.kernel.pii;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the detector can find. {@link #configName()} is the spelling in guard configs and
 * governance policies; {@link #label()} is the redaction label ({@code [EMAIL_REDACTED]}). A type
 * belongs to a {@link #region()} ({@code global} for everywhere) and optionally an {@link
 * #industry()}; industry types are only scanned when their industry is selected.
 */
public enum PiiType {
  EMAIL("email", "EMAIL", "global", null),
  PHONE("phone", "PHONE", "global", null),
  CREDIT_CARD("credit_card", "CREDIT_CARD", "global", null),
  IBAN("iban", "IBAN", "global", null),
  IPV4("ipv4", "IPV4", "global", null),
  IPV6("ipv6", "IPV6", "global", null),
  MAC_ADDRESS("mac_address", "MAC_ADDRESS", "global", null),
  CRYPTO_WALLET("crypto_wallet", "CRYPTO_WALLET", "global", null),
  DATE_OF_BIRTH("date_of_birth", "DATE_OF_BIRTH", "global", null),
  STREET_ADDRESS("street_address", "STREET_ADDRESS", "global", null),
  PASSPORT("passport", "PASSPORT", "global", null),
  DRIVERS_LICENSE("drivers_license", "DRIVERS_LICENSE", "global", null),
  /** Credentials from the {@code secret-leak} rules; the match label is the secret kind (e.g. {@code AWS_ACCESS_KEY}). */
  SECRET("secrets", "SECRET", "global", null),
  SSN("ssn", "SSN", "us", null),
  ITIN("itin", "ITIN", "us", null),
  EIN("ein", "EIN", "us", null),
  UK_NINO("uk_nino", "UK_NINO", "uk", null),
  NHS_NUMBER("nhs_number", "NHS_NUMBER", "uk", null),
  CA_SIN("ca_sin", "CA_SIN", "ca", null),
  AADHAAR("aadhaar", "AADHAAR", "in", null),
  IN_PAN("in_pan", "IN_PAN", "in", null),
  BR_CPF("br_cpf", "BR_CPF", "br", null),
  BR_CNPJ("br_cnpj", "BR_CNPJ", "br", null),
  AE_EMIRATES_ID("ae_emirates_id", "AE_EMIRATES_ID", "ae", null),
  SA_NATIONAL_ID("sa_national_id", "SA_NATIONAL_ID", "sa", null),
  NG_NIN("ng_nin", "NG_NIN", "ng", null),
  NG_BVN("ng_bvn", "NG_BVN", "ng", null),
  AU_TFN("au_tfn", "AU_TFN", "au", null),
  AU_MEDICARE("au_medicare", "AU_MEDICARE", "au", null),
  JP_MY_NUMBER("jp_my_number", "JP_MY_NUMBER", "jp", null),
  CN_RESIDENT_ID("cn_resident_id", "CN_RESIDENT_ID", "cn", null),
  KR_RRN("kr_rrn", "KR_RRN", "kr", null),
  EU_VAT("eu_vat", "EU_VAT", "eu", null),
  MEDICAL_RECORD_NUMBER("mrn", "MRN", "global", "healthcare"),
  ICD10_CODE("icd10", "ICD10", "global", "healthcare"),
  BANK_ACCOUNT("bank_account", "BANK_ACCOUNT", "global", "finance"),
  ABA_ROUTING("aba_routing", "ABA_ROUTING", "us", "finance");

  private final String configName;
  private final String label;
  private final String region;
  private final String industry;

  PiiType(String configName, String label, String region, String industry) {
    this.configName = configName;
    this.label = label;
    this.region = region;
    this.industry = industry;
  }

  public String configName() {
    return configName;
  }

  public String label() {
    return label;
  }

  /** {@code global}, or a lower-case region code ({@code us}, {@code uk}, {@code eu}, {@code in}, ...). */
  public String region() {
    return region;
  }

  /** {@code healthcare}, {@code finance}, or null for types that are not industry-specific. */
  public String industry() {
    return industry;
  }

  /**
   * Parses a config name.
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static PiiType parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (PiiType t : values()) {
      if (t.configName.equals(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown PII type \"" + name + "\" (known: " + knownNames() + ")");
  }

  static String knownNames() {
    return Arrays.stream(values()).map(PiiType::configName).collect(Collectors.joining(", "));
  }
}
