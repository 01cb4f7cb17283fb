package io.chio.kernel.pii;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The detector's catalog. Confidence follows one scheme: a checksum-validated value in its usual
 * written format scores 0.8-0.95; the same digits written bare score lower (below the default
 * threshold of 0.5 when the checksum is weak, e.g. Luhn on nine digits); a context keyword in the
 * 48 characters before the value ("SSN", "NHS number", "routing") lifts it to 0.95+. Values with
 * no checksum at all (passport, licence, NIN) are only reported after their keyword.
 */
final class Rules {
  private Rules() {}

  static final String DIGITS = "0123456789";
  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String HEX = DIGITS + "abcdefABCDEF";

  /** Not followed by more of the same number ({@code 123-45-6789-1}, {@code 1.2.3.4.5}). */
  private static final String END = "(?![0-9A-Za-z_]|[.\\-/][0-9])";

  private static final String[] SSN_KW = {"ssn", "social security", "social sec", "ss#", "ss no"};
  private static final String[] ITIN_KW = {"itin", "taxpayer identification", "individual taxpayer"};
  private static final String[] EIN_KW = {"ein", "fein", "employer identification", "employer id", "tax id"};
  private static final String[] CARD_KW = {"card", "visa", "mastercard", "amex", "credit", "debit", "cc", "pan"};
  private static final String[] PHONE_KW = {"phone", "call", "tel", "mobile", "cell", "whatsapp", "fax", "text me", "contact", "dial", "ring",
      "reach me", "reach us", "landline"};
  private static final String[] IBAN_KW = {"iban"};
  private static final String[] NHS_KW = {"nhs"};
  private static final String[] SIN_KW = {"sin", "social insurance"};
  private static final String[] AADHAAR_KW = {"aadhaar", "aadhar", "uidai", "uid"};
  private static final String[] CPF_KW = {"cpf"};
  private static final String[] CNPJ_KW = {"cnpj"};
  private static final String[] EMIRATES_KW = {"emirates id", "eid", "emirates"};
  private static final String[] SAUDI_KW = {"saudi", "iqama", "national id", "nid"};
  private static final String[] TFN_KW = {"tfn", "tax file"};
  private static final String[] MEDICARE_KW = {"medicare"};
  private static final String[] MYNUMBER_KW = {"my number", "mynumber", "individual number", "\u30de\u30a4\u30ca\u30f3\u30d0\u30fc", "\u500b\u4eba\u756a\u53f7"};
  private static final String[] CN_KW = {"resident id", "identity card", "china id", "\u8eab\u4efd\u8bc1", "id card"};
  private static final String[] RRN_KW = {"rrn", "resident registration", "\uc8fc\ubbfc\ub4f1\ub85d\ubc88\ud638"};
  private static final String[] ABA_KW = {"routing", "aba", "rtn", "transit number"};
  private static final String[] NINO_KW = {"national insurance", "nino", "ni number", "ni no"};
  private static final String[] PAN_KW = {"pan", "permanent account"};
  private static final String[] VAT_KW = {"vat", "tva", "ust", "iva", "btw", "mwst", "moms", "alv"};
  private static final String[] ICD_KW = {"icd", "icd-10", "diagnosis", "diagnosed", "dx", "code"};
  private static final String[] ADDRESS_KW = {"address", "live at", "lives at", "located at", "ship to", "reside at", "moved to"};
  private static final String[] WALLET_KW = {"wallet", "eth", "ethereum", "btc", "bitcoin", "address", "send to"};

  /**
   * Keywords per numeric type, for disambiguation: a value right after another type's keyword
   * (and not its own) is dropped, see {@link ScanContext#foreignContext}.
   */
  static final Map<PiiType, String[]> CONTEXT_KEYWORDS = Map.ofEntries(
      Map.entry(PiiType.SSN, SSN_KW), Map.entry(PiiType.ITIN, ITIN_KW), Map.entry(PiiType.EIN, EIN_KW),
      Map.entry(PiiType.CREDIT_CARD, CARD_KW), Map.entry(PiiType.PHONE, PHONE_KW), Map.entry(PiiType.NHS_NUMBER, NHS_KW),
      Map.entry(PiiType.CA_SIN, SIN_KW), Map.entry(PiiType.AADHAAR, AADHAAR_KW), Map.entry(PiiType.BR_CPF, CPF_KW),
      Map.entry(PiiType.BR_CNPJ, CNPJ_KW), Map.entry(PiiType.AE_EMIRATES_ID, EMIRATES_KW), Map.entry(PiiType.SA_NATIONAL_ID, SAUDI_KW),
      Map.entry(PiiType.AU_TFN, TFN_KW), Map.entry(PiiType.AU_MEDICARE, MEDICARE_KW), Map.entry(PiiType.JP_MY_NUMBER, MYNUMBER_KW),
      Map.entry(PiiType.CN_RESIDENT_ID, CN_KW), Map.entry(PiiType.KR_RRN, RRN_KW), Map.entry(PiiType.ABA_ROUTING, ABA_KW),
      Map.entry(PiiType.IBAN, IBAN_KW), Map.entry(PiiType.PASSPORT, new String[] {"passport"}),
      Map.entry(PiiType.DRIVERS_LICENSE, new String[] {"license", "licence"}), Map.entry(PiiType.NG_NIN, new String[] {"nin"}),
      Map.entry(PiiType.NG_BVN, new String[] {"bvn"}), Map.entry(PiiType.BANK_ACCOUNT, new String[] {"account number", "bank account"}),
      Map.entry(PiiType.MEDICAL_RECORD_NUMBER, new String[] {"mrn", "medical record"}));

  /** The numeric types whose bare digits are ambiguous across countries, so another type's keyword rules them out. */
  static final java.util.Set<PiiType> DISAMBIGUATED = java.util.EnumSet.of(PiiType.SSN, PiiType.ITIN, PiiType.EIN, PiiType.CREDIT_CARD,
      PiiType.PHONE, PiiType.NHS_NUMBER, PiiType.CA_SIN, PiiType.AADHAAR, PiiType.BR_CPF, PiiType.BR_CNPJ, PiiType.SA_NATIONAL_ID, PiiType.AU_TFN, PiiType.AU_MEDICARE, PiiType.JP_MY_NUMBER, PiiType.KR_RRN, PiiType.ABA_ROUTING,
      PiiType.IPV4);

  static List<Rule> valueRules(List<String> phoneRegions) {
    return List.of(
        // ---- United States ----
        Rule.of(PiiType.SSN, DIGITS, Rule.grouped(3, "- ", -1), "([0-8][0-9]{2})([- ])([0-9]{2})\\2([0-9]{4})" + END, (m, c) -> {
          if (!ssaRules(m.group(1), m.group(3), m.group(4))) {
            return null;
          }
          return Rule.match(PiiType.SSN, m.start(), m.end(), c.score(m.start(), 0.85, SSN_KW, 0.99), "ssa-area-group-serial");
        }),
        Rule.of(PiiType.SSN, DIGITS, (t, i, run) -> run == 9, "([0-8][0-9]{2})([0-9]{2})([0-9]{4})" + END, (m, c) -> {
          if (!ssaRules(m.group(1), m.group(2), m.group(3)) || !c.keywordBefore(m.start(), SSN_KW)) {
            return null;
          }
          return Rule.match(PiiType.SSN, m.start(), m.end(), 0.9, "ssa-area-group-serial+context");
        }),
        Rule.of(PiiType.ITIN, "9", Rule.grouped(3, "- ", 9), "9[0-9]{2}([- ]?)([0-9]{2})\\1[0-9]{4}" + END, (m, c) -> {
          int g = Integer.parseInt(m.group(2));
          boolean range = (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
          if (!range) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.4 : 0.85;
          return Rule.match(PiiType.ITIN, m.start(), m.end(), c.score(m.start(), base, ITIN_KW, 0.97), "itin-group-range");
        }),
        Rule.of(PiiType.EIN, DIGITS, Rule.grouped(2, "-", -1), "([0-9]{2})-[0-9]{7}" + END, (m, c) -> {
          if (!EIN_PREFIXES.contains(m.group(1))) {
            return null;
          }
          return Rule.match(PiiType.EIN, m.start(), m.end(), c.score(m.start(), 0.6, EIN_KW, 0.96), "ein-campus-prefix");
        }),
        Rule.of(PiiType.ABA_ROUTING, "0123678", (t, i, run) -> run == 9, "[0-9]{9}" + END, (m, c) -> {
          if (!Checksums.aba(m.group())) {
            return null;
          }
          return Rule.match(PiiType.ABA_ROUTING, m.start(), m.end(), c.score(m.start(), 0.45, ABA_KW, 0.97), "aba-3-7-1");
        }),
        // ---- payment cards ----
        Rule.of(PiiType.CREDIT_CARD, "23456", (t, i, run) -> (run == 4 && Rule.charIs(t, i + 4, " -")) || (run >= 13 && run <= 19), "[0-9](?:[ -]?[0-9]){12,18}" + END, (m, c) -> {
          String d = Checksums.onlyDigits(m.group());
          if (!knownIssuer(d) || !Checksums.luhn(d) || !consistentGrouping(m.group())) {
            return null;
          }
          return Rule.match(PiiType.CREDIT_CARD, m.start(), m.end(), c.score(m.start(), 0.9, CARD_KW, 0.99), "luhn+iin");
        }),
        // ---- phones ----
        Rule.of(PiiType.PHONE, "+", (t, i, run) -> Rule.digitAt(t, i + 1), "\\+[1-9](?:[ .\\-]?(?:\\([0-9]{1,4}\\)|[0-9])){6,16}" + END, (m, c) -> {
          int digits = Checksums.onlyDigits(m.group()).length();
          if (digits < 8 || digits > 15 || !Phones.validInternational(m.group())) {
            return null;
          }
          return Rule.match(PiiType.PHONE, m.start(), m.end(), c.score(m.start(), 0.9, PHONE_KW, 0.98), "libphonenumber");
        }),
        Rule.of(PiiType.PHONE, "(23456789", (t, i, run) -> run == 0 || (run == 3 && Rule.charIs(t, i + 3, "-. ")),
            "(?:\\([2-9][0-9]{2}\\) ?|[2-9][0-9]{2}[-. ])[2-9][0-9]{2}[-. ][0-9]{4}" + END, (m, c) -> {
              if (!Phones.validNanp(m.group())) {
                return null;
              }
              return Rule.match(PiiType.PHONE, m.start(), m.end(), c.score(m.start(), 0.75, PHONE_KW, 0.97), "libphonenumber");
            }),
        Rule.of(PiiType.PHONE, "0(", (t, i, run) -> run == 0 || (run >= 2 && run <= 5 && Rule.charIs(t, i + run, " .-")), "(?:\\(0[1-9][0-9]{0,4}\\) ?|0[1-9][0-9]{0,4}[ .\\-])[0-9]{2,8}(?:[ .\\-][0-9]{2,8}){0,2}" + END,
            (m, c) -> {
              // valid somewhere among many regions is weak evidence on its own; the keyword decides,
              // and is checked first so that unreportable candidates skip the per-region parses
              double confidence = c.score(m.start(), 0.45, PHONE_KW, 0.95);
              int digits = Checksums.onlyDigits(m.group()).length();
              if (confidence < c.minConfidence || digits < 9 || digits > 12 || !Phones.validNational(m.group(), phoneRegions)) {
                return null;
              }
              return Rule.match(PiiType.PHONE, m.start(), m.end(), confidence, "libphonenumber");
            }),
        // ---- United Kingdom ----
        Rule.of(PiiType.NHS_NUMBER, DIGITS, Rule.grouped(3, "- ", 10), "[0-9]{3}([- ]?)[0-9]{3}\\1[0-9]{4}" + END, (m, c) -> {
          if (!Checksums.nhs(Checksums.onlyDigits(m.group()))) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.45 : 0.8;
          return Rule.match(PiiType.NHS_NUMBER, m.start(), m.end(), c.score(m.start(), base, NHS_KW, 0.99), "nhs-mod11");
        }),
        Rule.of(PiiType.UK_NINO, UPPER, (t, i, run) -> Rule.upperAt(t, i + 1) && (Rule.digitAt(t, i + 2) || (Rule.charIs(t, i + 2, " ") && Rule.digitAt(t, i + 3))),
            "([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]" + END, (m, c) -> {
              if (NINO_BAD_PREFIXES.contains(m.group(1))) {
                return null;
              }
              return Rule.match(PiiType.UK_NINO, m.start(), m.end(), c.score(m.start(), 0.85, NINO_KW, 0.99), "nino-prefix-rules");
            }),
        // ---- Canada ----
        Rule.of(PiiType.CA_SIN, "12345679", Rule.grouped(3, "- ", 9), "[0-9]{3}([- ]?)[0-9]{3}\\1[0-9]{3}" + END, (m, c) -> {
          if (!Checksums.luhn(Checksums.onlyDigits(m.group()))) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.35 : 0.65;
          return Rule.match(PiiType.CA_SIN, m.start(), m.end(), c.score(m.start(), base, SIN_KW, 0.97), "luhn");
        }),
        // ---- India ----
        Rule.of(PiiType.AADHAAR, "23456789", Rule.grouped(4, "- ", 12), "[2-9][0-9]{3}([- ]?)[0-9]{4}\\1[0-9]{4}" + END, (m, c) -> {
          String d = Checksums.onlyDigits(m.group());
          if (!Checksums.verhoeff(d) || Checksums.allSame(d)) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.55 : 0.8;
          return Rule.match(PiiType.AADHAAR, m.start(), m.end(), c.score(m.start(), base, AADHAAR_KW, 0.99), "verhoeff");
        }),
        Rule.of(PiiType.IN_PAN, UPPER, (t, i, run) -> Rule.upperAt(t, i + 4) && Rule.digitAt(t, i + 5), "[A-Z]{3}[ABCFGHLJPT][A-Z][0-9]{4}[A-Z]" + END, (m, c) ->
            Rule.match(PiiType.IN_PAN, m.start(), m.end(), c.score(m.start(), 0.8, PAN_KW, 0.97), "pan-entity-type")),
        // ---- Brazil ----
        Rule.of(PiiType.BR_CPF, DIGITS, Rule.grouped(3, ".", 11), "[0-9]{3}(\\.?)[0-9]{3}\\1[0-9]{3}-?[0-9]{2}" + END, (m, c) -> {
          if (!Checksums.cpf(Checksums.onlyDigits(m.group()))) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.5 : 0.9;
          return Rule.match(PiiType.BR_CPF, m.start(), m.end(), c.score(m.start(), base, CPF_KW, 0.99), "cpf-check-digits");
        }),
        Rule.of(PiiType.BR_CNPJ, DIGITS, Rule.grouped(2, ".", 14), "[0-9]{2}(\\.?)[0-9]{3}\\1[0-9]{3}/?[0-9]{4}-?[0-9]{2}" + END, (m, c) -> {
          if (!Checksums.cnpj(Checksums.onlyDigits(m.group()))) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.5 : 0.9;
          return Rule.match(PiiType.BR_CNPJ, m.start(), m.end(), c.score(m.start(), base, CNPJ_KW, 0.99), "cnpj-check-digits");
        }),
        // ---- Gulf ----
        Rule.of(PiiType.AE_EMIRATES_ID, "7", Rule.grouped(3, "-", 15), "784(-?)(19[0-9]{2}|20[0-9]{2})\\1[0-9]{7}\\1[0-9]" + END, (m, c) -> {
          if (!Checksums.luhn(Checksums.onlyDigits(m.group()))) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.6 : 0.9;
          return Rule.match(PiiType.AE_EMIRATES_ID, m.start(), m.end(), c.score(m.start(), base, EMIRATES_KW, 0.99), "luhn");
        }),
        Rule.of(PiiType.SA_NATIONAL_ID, "12", (t, i, run) -> run == 10, "[12][0-9]{9}" + END, (m, c) -> {
          if (!Checksums.luhn(m.group())) {
            return null;
          }
          return Rule.match(PiiType.SA_NATIONAL_ID, m.start(), m.end(), c.score(m.start(), 0.4, SAUDI_KW, 0.96), "luhn");
        }),
        // ---- Australia ----
        Rule.of(PiiType.AU_TFN, DIGITS, Rule.grouped(3, "- ", 9), "[0-9]{3}([- ]?)[0-9]{3}\\1[0-9]{3}" + END, (m, c) -> {
          if (!Checksums.tfn(Checksums.onlyDigits(m.group()))) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.35 : 0.65;
          return Rule.match(PiiType.AU_TFN, m.start(), m.end(), c.score(m.start(), base, TFN_KW, 0.97), "tfn-weighted-mod11");
        }),
        Rule.of(PiiType.AU_MEDICARE, "23456", Rule.grouped(4, "- ", 10), "[2-6][0-9]{3}([- ]?)[0-9]{5}\\1[0-9]" + END, (m, c) -> {
          if (!Checksums.medicare(Checksums.onlyDigits(m.group()))) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.4 : 0.7;
          return Rule.match(PiiType.AU_MEDICARE, m.start(), m.end(), c.score(m.start(), base, MEDICARE_KW, 0.97), "medicare-weighted");
        }),
        // ---- East Asia ----
        Rule.of(PiiType.JP_MY_NUMBER, DIGITS, Rule.grouped(4, "- ", 12), "[0-9]{4}([- ]?)[0-9]{4}\\1[0-9]{4}" + END, (m, c) -> {
          if (!Checksums.myNumber(Checksums.onlyDigits(m.group()))) {
            return null;
          }
          double base = m.group(1).isEmpty() ? 0.4 : 0.6;
          return Rule.match(PiiType.JP_MY_NUMBER, m.start(), m.end(), c.score(m.start(), base, MYNUMBER_KW, 0.97), "my-number-mod11");
        }),
        Rule.of(PiiType.CN_RESIDENT_ID, "123456789", (t, i, run) -> run == 17 || run == 18, "[1-9][0-9]{16}[0-9Xx]" + END, (m, c) -> {
          if (!Checksums.chinaId(m.group().toUpperCase(java.util.Locale.ROOT))) {
            return null;
          }
          return Rule.match(PiiType.CN_RESIDENT_ID, m.start(), m.end(), c.score(m.start(), 0.9, CN_KW, 0.99), "iso7064-mod11-2");
        }),
        Rule.of(PiiType.KR_RRN, DIGITS, Rule.grouped(6, "-", -1), "([0-9]{2})([0-9]{2})([0-9]{2})-([1-8])[0-9]{6}" + END, (m, c) -> {
          int century = switch (m.group(4).charAt(0)) {
            case '1', '2', '5', '6' -> 1900;
            case '3', '4', '7', '8' -> 2000;
            default -> 1800;
          };
          if (!Dates.valid(century + Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))) {
            return null;
          }
          boolean check = Checksums.rrn(Checksums.onlyDigits(m.group()));
          boolean context = c.keywordBefore(m.start(), RRN_KW);
          if (!check && !context) {
            return null; // numbers issued since 2020 have no check digit; then only the keyword tells
          }
          return Rule.match(PiiType.KR_RRN, m.start(), m.end(), context ? 0.98 : 0.85, check ? "rrn-check-digit" : "rrn-date+context");
        }),
        // ---- Europe ----
        Rule.of(PiiType.IBAN, UPPER, (t, i, run) -> Rule.upperAt(t, i + 1) && Rule.digitAt(t, i + 2) && Rule.digitAt(t, i + 3), "[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}", Rules::iban),
        Rule.of(PiiType.EU_VAT, "ABCDEFHILMNPRS", (t, i, run) -> Rule.upperAt(t, i + 1) && (Rule.digitAt(t, i + 2) || Rule.charIs(t, i + 2, " ") || (Rule.upperAt(t, i + 2) && (Rule.digitAt(t, i + 3) || Rule.upperAt(t, i + 3)))),
            "(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK) ?([0-9A-Z]{8,12})" + END,
            Rules::vat),
        // ---- network and crypto ----
        Rule.of(PiiType.IPV4, DIGITS, (t, i, run) -> run >= 1 && run <= 3 && Rule.charIs(t, i + run, "."), "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
            + "(?![0-9])(?!\\.[0-9])", (m, c) -> Rule.match(PiiType.IPV4, m.start(), m.end(), 0.9, "ipv4-octets")),
        // Possessive: a run of colons or hex never backtracks; the check trims a sentence-ending dot.
        Rule.of(PiiType.IPV6, HEX + ":", (t, i, run) -> colonWithin(t, i, 5), "[0-9A-Fa-f:.]{2,45}+(?![0-9A-Za-z])", (m, c) -> {
          String v = m.group();
          int end = m.end();
          while (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
            end--;
          }
          if (glued(c, m.start(), ':') || colons(v) < 2 || v.equals("::") || !Networks.ipv6(v)) {
            return null;
          }
          return Rule.match(PiiType.IPV6, m.start(), end, 0.9, "rfc4291-syntax");
        }),
        Rule.of(PiiType.MAC_ADDRESS, HEX, (t, i, run) -> Rule.charIs(t, i + 2, ":-"), "[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}(?![0-9A-Za-z:-])", (m, c) ->
            glued(c, m.start(), ':') || glued(c, m.start(), '-') ? null : Rule.match(PiiType.MAC_ADDRESS, m.start(), m.end(), 0.85, "eui48-syntax")),
        Rule.of(PiiType.CRYPTO_WALLET, "13", (t, i, run) -> run < 26 && i + 25 < t.length() && Character.isLetterOrDigit(t.charAt(i + 25)), "[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![0-9A-Za-z])", (m, c) -> {
          if (!Checksums.base58Check(m.group())) {
            return null;
          }
          return Rule.match(PiiType.CRYPTO_WALLET, m.start(), m.end(), 0.97, "base58check");
        }),
        Rule.of(PiiType.CRYPTO_WALLET, "b", (t, i, run) -> t.startsWith("bc1", i), "bc1[02-9ac-hj-np-z]{8,87}(?![0-9A-Za-z])", (m, c) -> {
          if (!Checksums.bech32(m.group())) {
            return null;
          }
          return Rule.match(PiiType.CRYPTO_WALLET, m.start(), m.end(), 0.97, "bech32");
        }),
        Rule.of(PiiType.CRYPTO_WALLET, "0", (t, i, run) -> t.startsWith("0x", i), "0x([0-9a-fA-F]{40})(?![0-9A-Za-z])", (m, c) -> {
          String hex = m.group(1);
          boolean mixed = !hex.equals(hex.toLowerCase(java.util.Locale.ROOT)) && !hex.equals(hex.toUpperCase(java.util.Locale.ROOT));
          if (mixed) {
            return Checksums.eip55(hex) ? Rule.match(PiiType.CRYPTO_WALLET, m.start(), m.end(), 0.97, "eip55") : null;
          }
          return Rule.match(PiiType.CRYPTO_WALLET, m.start(), m.end(), c.score(m.start(), 0.7, WALLET_KW, 0.95), "eth-hex40");
        }),
        // ---- addresses and healthcare codes ----
        Rule.of(PiiType.STREET_ADDRESS, DIGITS, (t, i, run) -> run >= 1 && run <= 5 && (Rule.charIs(t, i + run, " ") ? Rule.upperAt(t, i + run + 1) : Rule.charIs(t, i + run + 1, " ")),
            "[0-9]{1,5}[A-Za-z]? (?:[A-Z][a-z]{1,20}\\.? ){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct"
                + "|Way|Place|Pl|Terrace|Crescent|Close|Parkway|Pkwy|Highway|Hwy|Square|Sq)\\b", (m, c) ->
            Rule.match(PiiType.STREET_ADDRESS, m.start(), m.end(), c.score(m.start(), 0.8, ADDRESS_KW, 0.95), "street-suffix")),
        Rule.of(PiiType.ICD10_CODE, "ABCDEFGHIJKLMNOPQRSTVWXYZ", (t, i, run) -> Rule.digitAt(t, i + 1), "[A-TV-Z][0-9][0-9AB](\\.[0-9A-TV-Z]{1,4})?" + END, (m, c) -> {
          boolean dotted = m.group(1) != null;
          boolean context = c.keywordBefore(m.start(), ICD_KW);
          if (!context && !dotted) {
            return null;
          }
          return Rule.match(PiiType.ICD10_CODE, m.start(), m.end(), context ? 0.92 : 0.6, context ? "icd10-shape+context" : "icd10-shape");
        }));
  }

  static List<KeywordRule> keywordRules() {
    String date = "((?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]|[0-3]?[0-9][/.\\-][01]?[0-9][/.\\-](?:19|20)[0-9]{2}"
        + "|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\\.? [0-3]?[0-9](?:st|nd|rd|th)?,? (?:19|20)[0-9]{2}"
        + "|[0-3]?[0-9](?:st|nd|rd|th)? (?:of )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\\.?,? (?:19|20)[0-9]{2})"
        + "(?![0-9])";
    return List.of(
        KeywordRule.of(PiiType.PASSPORT, new String[] {"passport", "passport no", "passport number", "passport #"}, 32,
            "(?<![A-Za-z0-9])([A-Z0-9]{1,2}[0-9]{5,8}[A-Z0-9]?)(?![A-Za-z0-9])", (m, c) -> contextMatch(PiiType.PASSPORT, m, 0.88)),
        KeywordRule.of(PiiType.DRIVERS_LICENSE,
            new String[] {"driver's license", "drivers license", "driver license", "driving licence", "driver's licence", "driving license",
                "licence number", "license number", "dl#", "dl no", "dl number"}, 32,
            "(?<![A-Za-z0-9])([A-Z0-9][A-Z0-9-]{4,17}[A-Z0-9])(?![A-Za-z0-9])", (m, c) -> {
              String v = m.group(1);
              if (Checksums.onlyDigits(v).length() < 3) {
                return null;
              }
              return contextMatch(PiiType.DRIVERS_LICENSE, m, 0.85);
            }),
        KeywordRule.of(PiiType.DATE_OF_BIRTH,
            new String[] {"date of birth", "birth date", "birthdate", "dob", "d.o.b", "born on", "born", "birthday"}, 24, date,
            Rules::birthDate),
        KeywordRule.of(PiiType.NG_NIN, new String[] {"nin", "national identification number", "national identity number"}, 24,
            "(?<![0-9])([0-9]{11})(?![0-9])", (m, c) -> contextMatch(PiiType.NG_NIN, m, 0.85)),
        KeywordRule.of(PiiType.NG_BVN, new String[] {"bvn", "bank verification number"}, 24,
            "(?<![0-9])(22[0-9]{9})(?![0-9])", (m, c) -> contextMatch(PiiType.NG_BVN, m, 0.9)),
        KeywordRule.of(PiiType.MEDICAL_RECORD_NUMBER, new String[] {"mrn", "medical record number", "medical record no", "patient id",
            "medical record #", "chart number"}, 24,
            "(?<![A-Za-z0-9])([A-Z]{0,3}-?[0-9]{5,10})(?![A-Za-z0-9])", (m, c) -> contextMatch(PiiType.MEDICAL_RECORD_NUMBER, m, 0.88)),
        KeywordRule.of(PiiType.BANK_ACCOUNT, new String[] {"account number", "account no", "acct", "a/c", "account #", "bank account"}, 28,
            "(?<![0-9A-Za-z-])([0-9]{6,17})(?![0-9A-Za-z-])", (m, c) -> contextMatch(PiiType.BANK_ACCOUNT, m, 0.85)));
  }

  private static PiiMatch contextMatch(PiiType type, Matcher m, double confidence) {
    return Rule.match(type, m.start(1), m.end(1), confidence, "context");
  }

  private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
      Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9),
      Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));

  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[0-9]+");

  private static PiiMatch birthDate(Matcher m, ScanContext c) {
    String v = m.group(1);
    int y;
    int mo;
    int d;
    Matcher num = NUMBER.matcher(v);
    if (v.length() >= 10 && v.charAt(4) == '-' && Character.isDigit(v.charAt(3))) {
      y = Integer.parseInt(v.substring(0, 4));
      mo = Integer.parseInt(v.substring(5, 7));
      d = Integer.parseInt(v.substring(8, 10));
    } else {
      Integer month = null;
      String lower = v.toLowerCase(java.util.Locale.ROOT);
      for (Map.Entry<String, Integer> e : MONTHS.entrySet()) {
        if (lower.contains(e.getKey())) {
          month = e.getValue();
        }
      }
      int[] parts = new int[3];
      int k = 0;
      while (num.find() && k < 3) {
        parts[k++] = Integer.parseInt(num.group());
      }
      if (month != null) {
        d = parts[0];
        mo = month;
        y = parts[1];
      } else {
        // d/m/y or m/d/y: valid if either reading is a date
        y = parts[2];
        boolean dm = Dates.valid(y, parts[1], parts[0]);
        mo = dm ? parts[1] : parts[0];
        d = dm ? parts[0] : parts[1];
      }
    }
    if (!Dates.valid(y, mo, d)) {
      return null;
    }
    return Rule.match(PiiType.DATE_OF_BIRTH, m.start(1), m.end(1), 0.9, "calendar-date+context");
  }

  // ---- shared validators ----

  /** SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
  static boolean ssaRules(String area, String group, String serial) {
    int a = Integer.parseInt(area);
    return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
  }

  static final java.util.Set<String> EIN_PREFIXES = java.util.Set.of("01", "02", "03", "04", "05", "06", "10", "11", "12", "13", "14",
      "15", "16", "20", "21", "22", "23", "24", "25", "26", "27", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40", "41",
      "42", "43", "44", "45", "46", "47", "48", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63", "64",
      "65", "66", "67", "68", "71", "72", "73", "74", "75", "76", "77", "80", "81", "82", "83", "84", "85", "86", "87", "88", "90", "91",
      "92", "93", "94", "95", "98", "99");

  private static final java.util.Set<String> NINO_BAD_PREFIXES = java.util.Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

  static boolean knownIssuer(String d) {
    int len = d.length();
    int p2 = Integer.parseInt(d.substring(0, 2));
    int p3 = Integer.parseInt(d.substring(0, 3));
    int p4 = Integer.parseInt(d.substring(0, 4));
    int p6 = Integer.parseInt(d.substring(0, 6));
    return switch (d.charAt(0)) {
      case '4' -> len == 13 || len == 16 || len == 19; // Visa
      case '5' -> p2 >= 51 && p2 <= 55 && len == 16; // Mastercard
      case '2' -> (p4 >= 2221 && p4 <= 2720 && len == 16) || (p6 >= 220000 && p6 <= 220499 && len >= 16); // Mastercard 2-series, Mir
      case '3' -> ((p2 == 34 || p2 == 37) && len == 15) // Amex
          || ((p2 == 30 || p2 == 36 || p2 == 38 || p2 == 39) && len >= 14 && len <= 19) // Diners
          || (p4 >= 3528 && p4 <= 3589 && len >= 16); // JCB
      case '6' -> (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || p2 == 62 || (p6 >= 622126 && p6 <= 622925)) && len >= 16;
      default -> false;
    };
  }

  /** Separators, when present, split the number in groups of 4 (or 4-6-5 for Amex / 4-6-4 for Diners). */
  private static boolean consistentGrouping(String v) {
    if (v.indexOf(' ') < 0 && v.indexOf('-') < 0) {
      return true;
    }
    String[] groups = v.split("[ -]");
    StringBuilder shape = new StringBuilder();
    for (String g : groups) {
      shape.append(g.length()).append(',');
    }
    String s = shape.toString();
    return s.matches("(4,){3,4}[1-4],|(4,){4}") || s.equals("4,6,5,") || s.equals("4,6,4,") || s.matches("(4,){3}[0-9],?");
  }

  /** A colon in {@code [i, i + len)}; bounded, unlike {@code indexOf}, so the prefilter stays O(1). */
  private static boolean colonWithin(String t, int i, int len) {
    for (int k = i; k < Math.min(t.length(), i + len); k++) {
      if (t.charAt(k) == ':') {
        return true;
      }
    }
    return false;
  }

  /** Whether the value continues a longer colon/dash run to its left (the 2nd group of 9, not an address). */
  private static boolean glued(ScanContext c, int start, char sep) {
    return start > 0 && c.text.charAt(start - 1) == sep;
  }

  private static int colons(String v) {
    int n = 0;
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) == ':') {
        n++;
      }
    }
    return n;
  }

  /** Trims the greedy match to the country's IBAN length before checking mod 97. */
  private static PiiMatch iban(Matcher m, ScanContext c) {
    String raw = m.group();
    Integer len = Checksums.IBAN_LENGTHS.get(raw.substring(0, 2));
    if (len == null) {
      return null;
    }
    StringBuilder compact = new StringBuilder(len);
    int end = m.start();
    for (int i = 0; i < raw.length() && compact.length() < len; i++) {
      char ch = raw.charAt(i);
      if (ch != ' ') {
        compact.append(ch);
      }
      end = m.start() + i + 1;
    }
    if (compact.length() != len) {
      return null;
    }
    String text = c.text;
    if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
      return null;
    }
    if (!Checksums.iban(compact.toString())) {
      return null;
    }
    return Rule.match(PiiType.IBAN, m.start(), end, 0.97, "iso13616-mod97");
  }

  private static PiiMatch vat(Matcher m, ScanContext c) {
    String cc = m.group(1);
    String body = m.group(2);
    String shape = VAT_SHAPES.get(cc);
    if (shape == null || !body.matches(shape)) {
      return null;
    }
    Boolean check = vatCheck(cc, body);
    if (Boolean.FALSE.equals(check)) {
      return null;
    }
    double base = check != null ? 0.9 : 0.6;
    return Rule.match(PiiType.EU_VAT, m.start(), m.end(), c.score(m.start(), base, VAT_KW, 0.96),
        check != null ? "vat-" + cc.toLowerCase(java.util.Locale.ROOT) + "-checksum" : "vat-format");
  }

  /** True/false for countries whose check digit we verify; null for format-only countries. */
  private static Boolean vatCheck(String cc, String body) {
    return switch (cc) {
      case "DE" -> Checksums.mod11_10(body);
      case "IT" -> Checksums.luhn(body);
      case "BE" -> {
        long first = Long.parseLong(body.substring(0, 8));
        yield 97 - first % 97 == Long.parseLong(body.substring(8));
      }
      case "FR" -> {
        if (!body.substring(0, 2).chars().allMatch(Character::isDigit)) {
          yield null;
        }
        long siren = Long.parseLong(body.substring(2));
        yield (12 + 3 * (siren % 97)) % 97 == Long.parseLong(body.substring(0, 2));
      }
      case "PL" -> Checksums.weightedMod11(body, new int[] {6, 5, 7, 2, 3, 4, 5, 6, 7});
      default -> null;
    };
  }

  private static final Map<String, String> VAT_SHAPES = Map.ofEntries(
      Map.entry("AT", "U[0-9]{8}"), Map.entry("BE", "[01][0-9]{9}"), Map.entry("BG", "[0-9]{9,10}"), Map.entry("CY", "[0-9]{8}[A-Z]"),
      Map.entry("CZ", "[0-9]{8,10}"), Map.entry("DE", "[0-9]{9}"), Map.entry("DK", "[0-9]{8}"), Map.entry("EE", "[0-9]{9}"),
      Map.entry("EL", "[0-9]{9}"), Map.entry("ES", "[0-9A-Z][0-9]{7}[0-9A-Z]"), Map.entry("FI", "[0-9]{8}"),
      Map.entry("FR", "[0-9A-HJ-NP-Z]{2}[0-9]{9}"), Map.entry("HR", "[0-9]{11}"), Map.entry("HU", "[0-9]{8}"),
      Map.entry("IE", "[0-9][0-9A-Z][0-9]{5}[A-Z]{1,2}"), Map.entry("IT", "[0-9]{11}"), Map.entry("LT", "[0-9]{9}|[0-9]{12}"),
      Map.entry("LU", "[0-9]{8}"), Map.entry("LV", "[0-9]{11}"), Map.entry("MT", "[0-9]{8}"), Map.entry("NL", "[0-9]{9}B[0-9]{2}"),
      Map.entry("PL", "[0-9]{10}"), Map.entry("PT", "[0-9]{9}"), Map.entry("RO", "[0-9]{2,10}"), Map.entry("SE", "[0-9]{10}01"),
      Map.entry("SI", "[0-9]{8}"), Map.entry("SK", "[0-9]{10}"));
}
