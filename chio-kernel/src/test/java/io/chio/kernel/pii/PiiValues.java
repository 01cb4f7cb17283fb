package io.chio.kernel.pii;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Deterministic generators of checksum-correct values per type ({@link #valid}) and of near
 * misses ({@link #nearMiss}): the same format with a wrong check digit, a reserved range, or an
 * invalid date. Driven by a seeded {@link Random}, so the corpora are reproducible.
 */
final class PiiValues {
  private PiiValues() {}

  static String digits(Random r, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }

  static String letters(Random r, int n, String alphabet) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  static <T> T pick(Random r, T[] options) {
    return options[r.nextInt(options.length)];
  }

  static int luhnDigit(String partial) {
    for (int d = 0; d < 10; d++) {
      if (Checksums.luhn(partial + d)) {
        return d;
      }
    }
    throw new IllegalStateException();
  }

  /** A different digit, so the check fails. */
  static String breakLast(String v) {
    int i = v.length() - 1;
    while (!Character.isDigit(v.charAt(i))) {
      i--;
    }
    char c = v.charAt(i);
    char n = (char) ('0' + ((c - '0') + 1 + 0) % 10);
    return v.substring(0, i) + n + v.substring(i + 1);
  }

  static String group(String d, int... sizes) {
    return group(d, " ", sizes);
  }

  static String group(String d, String sep, int... sizes) {
    StringBuilder b = new StringBuilder();
    int p = 0;
    for (int s : sizes) {
      if (b.length() > 0) {
        b.append(sep);
      }
      b.append(d, p, p + s);
      p += s;
    }
    return b.toString();
  }

  private static final String[] FIRST = {"jane", "john", "maria", "wei", "amit", "olga", "kofi", "sara", "liam", "noah", "emma", "yuki"};
  private static final String[] LAST = {"doe", "smith", "garcia", "chen", "patel", "ivanova", "mensah", "kim", "brown", "tanaka"};
  private static final String[] DOMAINS = {"example.com", "mail.example.org", "corp.example.net", "example.co.uk", "test.example.io"};
  static final String[] STREETS = {"Maple", "Oak", "Elm", "Cedar", "Pine", "Washington", "Lake", "Hill", "Park View", "King George"};
  private static final String[] SUFFIXES = {"Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive", "Boulevard", "Court", "Way", "Place"};
  private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December"};

  static String valid(PiiType t, Random r) {
    return switch (t) {
      case EMAIL -> pick(r, FIRST) + (r.nextBoolean() ? "." : "_") + pick(r, LAST) + r.nextInt(100) + "@" + pick(r, DOMAINS);
      case PHONE -> phone(r);
      case CREDIT_CARD -> card(r, true);
      case IBAN -> iban(r, true);
      case IPV4 -> (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
      case IPV6 -> ipv6(r);
      case MAC_ADDRESS -> mac(r, r.nextBoolean() ? ":" : "-");
      case CRYPTO_WALLET -> switch (r.nextInt(3)) {
        case 0 -> base58Address(r);
        case 1 -> bech32Address(r);
        default -> "0x" + eip55(letters(r, 40, "0123456789abcdef"));
      };
      case DATE_OF_BIRTH -> dob(r, true);
      case STREET_ADDRESS -> (1 + r.nextInt(9999)) + " " + pick(r, STREETS) + " " + pick(r, SUFFIXES);
      case PASSPORT -> r.nextBoolean() ? digits(r, 9) : letters(r, 1, "ABCDEFGHJKLMNPRSTUVWXYZ") + digits(r, 8);
      case DRIVERS_LICENSE -> r.nextBoolean() ? letters(r, 1, "ABCDEFGHJKLMNPRSTUVWXYZ") + digits(r, 7)
          : letters(r, 1, "ABCDEFGHJKLMNPRSTUVWXYZ") + digits(r, 3) + "-" + digits(r, 4) + "-" + digits(r, 4);
      case SECRET -> switch (r.nextInt(3)) {
        case 0 -> "AKIA" + letters(r, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        case 1 -> "ghp_" + letters(r, 36, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        default -> "xoxb-" + digits(r, 12) + "-" + digits(r, 12) + "-" + letters(r, 24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
      };
      case SSN -> ssn(r, true);
      case ITIN -> "9" + digits(r, 2) + "-" + pick(r, new String[] {"50", "65", "70", "78", "88", "90", "92", "94", "99"}) + "-" + digits(r, 4);
      case EIN -> pick(r, new String[] {"12", "20", "27", "45", "59", "88", "95"}) + "-" + digits(r, 7);
      case UK_NINO -> nino(r, true);
      case NHS_NUMBER -> nhs(r, true);
      case CA_SIN -> sin(r, true);
      case AADHAAR -> aadhaar(r, true);
      case IN_PAN -> letters(r, 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + letters(r, 1, "ABCFGHLJPT") + letters(r, 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
          + digits(r, 4) + letters(r, 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
      case BR_CPF -> cpf(r, true);
      case BR_CNPJ -> cnpj(r, true);
      case AE_EMIRATES_ID -> emirates(r, true);
      case SA_NATIONAL_ID -> saudi(r, true);
      case NG_NIN -> digits(r, 11);
      case NG_BVN -> "22" + digits(r, 9);
      case AU_TFN -> tfn(r, true);
      case AU_MEDICARE -> medicare(r, true);
      case JP_MY_NUMBER -> myNumber(r, true);
      case CN_RESIDENT_ID -> chinaId(r, true);
      case KR_RRN -> rrn(r, true);
      case EU_VAT -> vat(r, true);
      case MEDICAL_RECORD_NUMBER -> (r.nextBoolean() ? "MRN-" : "") + digits(r, 7 + r.nextInt(2));
      case ICD10_CODE -> letters(r, 1, "ABCDEFGHIJKLMNOPQRSTVWXYZ") + digits(r, 2) + "." + digits(r, 1 + r.nextInt(2));
      case BANK_ACCOUNT -> digits(r, 8 + r.nextInt(5));
      case ABA_ROUTING -> aba(r, true);
    };
  }

  /** Same format, wrong checksum or reserved range; for context-only types, a value the rule must not take. */
  static String nearMiss(PiiType t, Random r) {
    return switch (t) {
      case EMAIL -> pick(r, new String[] {"icon@2x.png", "user@localhost", "git@github.com:acme/api.git", "@" + pick(r, FIRST),
          pick(r, FIRST) + " at example dot com", "pkg@1.2." + r.nextInt(10), "ssh://git@host" + r.nextInt(9) + ".example.com/repo"});
      case PHONE -> pick(r, new String[] {digits(r, 10), "212-5550-" + digits(r, 3), "v1." + r.nextInt(9) + "." + r.nextInt(9),
          "555-" + digits(r, 4), "(123) 456-" + digits(r, 4), "+1 000 555 " + digits(r, 4), "20" + digits(r, 2) + "-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10)});
      case CREDIT_CARD -> card(r, false);
      case IBAN -> iban(r, false);
      case IPV4 -> pick(r, new String[] {(256 + r.nextInt(700)) + ".1.2.3", "1.2.3." + r.nextInt(9) + ".5", "10.0." + r.nextInt(256), "v" + r.nextInt(9) + ".2.3.4.5"});
      case IPV6 -> pick(r, new String[] {r.nextInt(24) + ":" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)), "fe80:::" + r.nextInt(9),
          "2001:db8:1:2:3:4:5:6:" + r.nextInt(9), "abcd:efgh::" + r.nextInt(9)});
      case MAC_ADDRESS -> pick(r, new String[] {mac(r, ":").substring(0, 14), mac(r, ":") + ":" + letters(r, 2, "0123456789ABCDEF"),
          mac(r, ":").replaceFirst(":", "-"), "0G" + mac(r, ":").substring(2)});
      case CRYPTO_WALLET -> switch (r.nextInt(3)) {
        case 0 -> flipBase58(base58Address(r), r);
        case 1 -> flipBech32(bech32Address(r), r);
        default -> "0x" + breakEip55(eip55(letters(r, 40, "0123456789abcdef")));
      };
      case DATE_OF_BIRTH -> dob(r, false);
      case STREET_ADDRESS -> pick(r, new String[] {(1 + r.nextInt(500)) + " Blue Widgets sold", "Room " + (1 + r.nextInt(99)) + " Main Hall",
          (1 + r.nextInt(90)) + " Street Fighter games", "page " + r.nextInt(300) + " of the street guide"});
      case PASSPORT, DRIVERS_LICENSE, NG_NIN, NG_BVN, BANK_ACCOUNT -> valid(t, r); // used without its keyword
      case MEDICAL_RECORD_NUMBER -> digits(r, 7 + r.nextInt(2));
      case SECRET -> pick(r, new String[] {"AKIAIOSFODNN7EXAMPLE", "ghp_" + "x".repeat(36), "sk-learn-" + pick(r, LAST), "xoxb-your-token-here",
          "password = os.environ[\"DB_PASSWORD\"]"});
      case SSN -> ssn(r, false);
      case ITIN -> "9" + digits(r, 2) + "-" + pick(r, new String[] {"40", "49", "66", "69", "89", "93"}) + "-" + digits(r, 4);
      case EIN -> pick(r, new String[] {"07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96", "97"}) + "-" + digits(r, 7);
      case UK_NINO -> nino(r, false);
      case NHS_NUMBER -> nhs(r, false);
      case CA_SIN -> sin(r, false);
      case AADHAAR -> aadhaar(r, false);
      case IN_PAN -> letters(r, 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + letters(r, 1, "DEIKMNOQRSUVWXYZ") + letters(r, 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
          + digits(r, 4) + letters(r, 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
      case BR_CPF -> cpf(r, false);
      case BR_CNPJ -> cnpj(r, false);
      case AE_EMIRATES_ID -> emirates(r, false);
      case SA_NATIONAL_ID -> saudi(r, false);
      case AU_TFN -> tfn(r, false);
      case AU_MEDICARE -> medicare(r, false);
      case JP_MY_NUMBER -> myNumber(r, false);
      case CN_RESIDENT_ID -> chinaId(r, false);
      case KR_RRN -> rrn(r, false);
      case EU_VAT -> vat(r, false);
      case ICD10_CODE -> pick(r, new String[] {"U0" + r.nextInt(10) + "." + r.nextInt(10), "A" + r.nextInt(10), "I-" + (10 + r.nextInt(90)),
          "version " + r.nextInt(9) + "." + r.nextInt(9)});
      case ABA_ROUTING -> aba(r, false);
    };
  }

  private static final String[][] PHONE_FORMS = {
      {"+1 ", "US"}, {"+44 20 7946 ", "GB"}, {"+49 30 ", "DE"}, {"+33 1 ", "FR"}, {"+91 98", "IN"}, {"+61 2 ", "AU"}};

  private static String phone(Random r) {
    String area = pick(r, new String[] {"212", "415", "646", "312", "617", "202", "305", "206"});
    String exch = (2 + r.nextInt(8)) + digits(r, 2);
    String line = digits(r, 4);
    return switch (r.nextInt(8)) {
      case 0 -> "(" + area + ") " + exch + "-" + line;
      case 1 -> area + "-" + exch + "-" + line;
      case 2 -> "+1 " + area + " " + exch + " " + line;
      case 3 -> "+44 20 7946 0" + digits(r, 3);
      case 4 -> "+49 30 " + (2 + r.nextInt(8)) + digits(r, 7);
      case 5 -> "+33 1 " + group(digits(r, 8), 2, 2, 2, 2);
      case 6 -> "+91 98" + digits(r, 3) + " " + digits(r, 5);
      default -> "020 7946 0" + digits(r, 3);
    };
  }

  static String card(Random r, boolean ok) {
    String prefix = pick(r, new String[] {"4", "51", "55", "37", "6011", "2221", "3530"});
    int len = prefix.equals("37") ? 15 : 16;
    String body = prefix + digits(r, len - prefix.length() - 1);
    String full = body + luhnDigit(body);
    if (!ok) {
      full = r.nextInt(3) == 0 ? "9" + full.substring(1) : breakLast(full);
    }
    if (len == 15) {
      return r.nextBoolean() ? full : group(full, 4, 6, 5);
    }
    return switch (r.nextInt(3)) {
      case 0 -> full;
      case 1 -> group(full, 4, 4, 4, 4);
      default -> group(full, "-", 4, 4, 4, 4);
    };
  }

  static String iban(Random r, boolean ok) {
    String cc = pick(r, new String[] {"DE", "GB", "FR", "ES", "NL", "IT", "CH", "BE"});
    String bban = switch (cc) {
      case "DE" -> digits(r, 18);
      case "GB" -> letters(r, 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + digits(r, 14);
      case "FR" -> digits(r, 23);
      case "ES" -> digits(r, 20);
      case "NL" -> letters(r, 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + digits(r, 10);
      case "IT" -> letters(r, 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + digits(r, 22);
      case "CH" -> digits(r, 17);
      default -> digits(r, 12);
    };
    int check = 98 - mod97(bban + cc + "00");
    if (!ok) {
      check = check == 98 ? 2 : check + 1;
    }
    String iban = cc + String.format(Locale.ROOT, "%02d", check) + bban;
    if (r.nextBoolean()) {
      return iban;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < iban.length(); i += 4) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(iban, i, Math.min(iban.length(), i + 4));
    }
    return b.toString();
  }

  static int mod97(String s) {
    int mod = 0;
    for (char c : s.toCharArray()) {
      if (Character.isDigit(c)) {
        mod = (mod * 10 + (c - '0')) % 97;
      } else {
        mod = (mod * 100 + (c - 'A' + 10)) % 97;
      }
    }
    return mod;
  }

  private static String ipv6(Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextBoolean()) {
      for (int i = 0; i < 8; i++) {
        b.append(i == 0 ? "" : ":").append(Integer.toHexString(r.nextInt(65536)));
      }
      return b.toString();
    }
    return "2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(1 + r.nextInt(65535));
  }

  private static String mac(Random r, String sep) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      b.append(i == 0 ? "" : sep).append(String.format(Locale.ROOT, "%02X", r.nextInt(256)));
    }
    return b.toString();
  }

  private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  static String base58Address(Random r) {
    byte[] payload = new byte[21];
    payload[0] = (byte) (r.nextBoolean() ? 0x00 : 0x05);
    for (int i = 1; i < 21; i++) {
      payload[i] = (byte) r.nextInt(256);
    }
    byte[] h = Checksums.sha256(Checksums.sha256(payload));
    byte[] full = new byte[25];
    System.arraycopy(payload, 0, full, 0, 21);
    System.arraycopy(h, 0, full, 21, 4);
    BigInteger n = new BigInteger(1, full);
    StringBuilder b = new StringBuilder();
    BigInteger b58 = BigInteger.valueOf(58);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(b58);
      b.append(B58.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < full.length && full[i] == 0; i++) {
      b.append('1');
    }
    return b.reverse().toString();
  }

  private static String flipBase58(String a, Random r) {
    int i = 5 + r.nextInt(a.length() - 6);
    char c = a.charAt(i);
    char n = B58.charAt((B58.indexOf(c) + 1) % 58);
    return a.substring(0, i) + n + a.substring(i + 1);
  }

  private static final String BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

  static String bech32Address(Random r) {
    int[] prog = new int[32]; // 20 bytes as 5-bit groups: 160 bits = 32 groups
    for (int i = 0; i < 32; i++) {
      prog[i] = r.nextInt(32);
    }
    int[] data = new int[33];
    data[0] = 0;
    System.arraycopy(prog, 0, data, 1, 32);
    int[] values = new int[2 * 2 + 1 + data.length + 6];
    String hrp = "bc";
    int k = 0;
    for (char c : hrp.toCharArray()) {
      values[k++] = c >> 5;
    }
    values[k++] = 0;
    for (char c : hrp.toCharArray()) {
      values[k++] = c & 31;
    }
    for (int v : data) {
      values[k++] = v;
    }
    int chk = 1;
    for (int v : values) {
      chk = step(chk, v);
    }
    chk ^= 1;
    StringBuilder b = new StringBuilder("bc1");
    for (int v : data) {
      b.append(BECH.charAt(v));
    }
    for (int i = 0; i < 6; i++) {
      b.append(BECH.charAt((chk >>> (5 * (5 - i))) & 31));
    }
    return b.toString();
  }

  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  private static int step(int chk, int v) {
    int top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GEN[i];
      }
    }
    return chk;
  }

  private static String flipBech32(String a, Random r) {
    int i = 6 + r.nextInt(a.length() - 7);
    char n = BECH.charAt((BECH.indexOf(a.charAt(i)) + 1) % 32);
    return a.substring(0, i) + n + a.substring(i + 1);
  }

  static String eip55(String lowerHex) {
    byte[] in = lowerHex.getBytes(StandardCharsets.US_ASCII);
    KeccakDigest k = new KeccakDigest(256);
    k.update(in, 0, in.length);
    byte[] h = new byte[32];
    k.doFinal(h, 0);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      char c = lowerHex.charAt(i);
      int nib = (h[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      b.append(Character.isLetter(c) && nib >= 8 ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }

  private static String breakEip55(String mixed) {
    for (int i = 0; i < mixed.length(); i++) {
      char c = mixed.charAt(i);
      if (Character.isLetter(c)) {
        char s = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
        String out = mixed.substring(0, i) + s + mixed.substring(i + 1);
        if (!out.equals(out.toLowerCase(Locale.ROOT)) && !out.equals(out.toUpperCase(Locale.ROOT))) {
          return out;
        }
      }
    }
    return mixed.substring(0, 39) + "Z";
  }

  private static String dob(Random r, boolean ok) {
    int y = 1940 + r.nextInt(65);
    int m = 1 + r.nextInt(12);
    int d = 1 + r.nextInt(Dates.daysIn(y, m));
    if (!ok) {
      m = 2; // 30 or 31 February: invalid whichever of day and month is read first
      d = 30 + r.nextInt(2);
    }
    return switch (r.nextInt(4)) {
      case 0 -> String.format(Locale.ROOT, "%04d-%02d-%02d", y, m, d);
      case 1 -> String.format(Locale.ROOT, "%02d/%02d/%04d", d, m, y);
      case 2 -> ok ? d + " " + MONTHS[m - 1] + " " + y : String.format(Locale.ROOT, "%02d.%02d.%04d", d, m, y);
      default -> ok ? MONTHS[m - 1] + " " + d + ", " + y : String.format(Locale.ROOT, "%04d-%02d-%02d", y, m, d);
    };
  }

  private static String ssn(Random r, boolean ok) {
    String area = String.format(Locale.ROOT, "%03d", 1 + r.nextInt(898));
    if (area.equals("666")) {
      area = "665";
    }
    String group = String.format(Locale.ROOT, "%02d", 1 + r.nextInt(99));
    String serial = String.format(Locale.ROOT, "%04d", 1 + r.nextInt(9999));
    if (!ok) {
      switch (r.nextInt(5)) {
        case 0 -> area = "000";
        case 1 -> area = "666";
        case 2 -> area = "9" + digits(r, 2);
        case 3 -> group = "00";
        default -> serial = "0000";
      }
    }
    return area + "-" + group + "-" + serial;
  }

  private static String nino(Random r, boolean ok) {
    String first = ok ? letters(r, 1, "ABCEGHJKLMNOPRSTWXYZ") : letters(r, 1, "DFIQUV");
    String second = letters(r, 1, "ABCEGHJKLMNPRSTWXYZ");
    if (ok && (first + second).matches("BG|GB|KN|NK|NT|TN|ZZ")) {
      second = "A";
    }
    String suffix = letters(r, 1, "ABCD");
    String d = digits(r, 6);
    return r.nextBoolean() ? first + second + " " + group(d, 2, 2, 2) + " " + suffix : first + second + d + suffix;
  }

  private static String nhs(Random r, boolean ok) {
    while (true) {
      String d = digits(r, 9);
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += (d.charAt(i) - '0') * (10 - i);
      }
      int check = 11 - sum % 11;
      if (check == 11) {
        check = 0;
      }
      if (check == 10) {
        continue;
      }
      String full = d + (ok ? check : (check + 1) % 10);
      return group(full, 3, 3, 4);
    }
  }

  private static String sin(Random r, boolean ok) {
    String body = pick(r, new String[] {"1", "2", "3", "4", "5", "6", "7", "9"}) + digits(r, 7);
    String full = body + luhnDigit(body);
    return group(ok ? full : breakLast(full), 3, 3, 3);
  }

  private static String aadhaar(Random r, boolean ok) {
    String body = (2 + r.nextInt(8)) + digits(r, 10);
    int c = Checksums.verhoeffDigit(body);
    return group(body + (ok ? c : (c + 1) % 10), 4, 4, 4);
  }

  private static String cpf(Random r, boolean ok) {
    String body = digits(r, 9);
    int[] d = new int[11];
    for (int i = 0; i < 9; i++) {
      d[i] = body.charAt(i) - '0';
    }
    d[9] = Checksums.cpfDigit(d, 9);
    d[10] = Checksums.cpfDigit(d, 10);
    String full = body + d[9] + (ok ? d[10] : (d[10] + 1) % 10);
    return full.substring(0, 3) + "." + full.substring(3, 6) + "." + full.substring(6, 9) + "-" + full.substring(9);
  }

  private static String cnpj(Random r, boolean ok) {
    String body = digits(r, 8) + "0001";
    int[] d = new int[14];
    for (int i = 0; i < 12; i++) {
      d[i] = body.charAt(i) - '0';
    }
    d[12] = Checksums.cnpjDigit(d, new int[] {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2});
    d[13] = Checksums.cnpjDigit(d, new int[] {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2});
    String full = body + d[12] + (ok ? d[13] : (d[13] + 1) % 10);
    return full.substring(0, 2) + "." + full.substring(2, 5) + "." + full.substring(5, 8) + "/" + full.substring(8, 12) + "-" + full.substring(12);
  }

  private static String emirates(Random r, boolean ok) {
    String body = "784" + (1960 + r.nextInt(45)) + digits(r, 7);
    String full = body + luhnDigit(body);
    if (!ok) {
      full = breakLast(full);
    }
    return full.substring(0, 3) + "-" + full.substring(3, 7) + "-" + full.substring(7, 14) + "-" + full.substring(14);
  }

  private static String saudi(Random r, boolean ok) {
    String body = (1 + r.nextInt(2)) + digits(r, 8);
    String full = body + luhnDigit(body);
    return ok ? full : breakLast(full);
  }

  private static String tfn(Random r, boolean ok) {
    int[] w = {1, 4, 3, 7, 5, 8, 6, 9, 10};
    while (true) {
      String d = digits(r, 8);
      int s = 0;
      for (int i = 0; i < 8; i++) {
        s += (d.charAt(i) - '0') * w[i];
      }
      int last = s % 11; // 10*last ≡ -s (mod 11) and 10 ≡ -1, so last ≡ s
      if (last == 10) {
        continue;
      }
      String full = d + (ok ? last : (last + 1) % 10);
      return group(full, 3, 3, 3);
    }
  }

  private static String medicare(Random r, boolean ok) {
    String d = (2 + r.nextInt(5)) + digits(r, 7);
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9};
    int s = 0;
    for (int i = 0; i < 8; i++) {
      s += (d.charAt(i) - '0') * w[i];
    }
    int check = s % 10;
    String full = d + (ok ? check : (check + 1) % 10) + (1 + r.nextInt(9));
    return full.substring(0, 4) + " " + full.substring(4, 9) + " " + full.substring(9);
  }

  private static String myNumber(Random r, boolean ok) {
    String d = digits(r, 11);
    int[] a = new int[12];
    for (int i = 0; i < 11; i++) {
      a[i] = d.charAt(i) - '0';
    }
    int c = Checksums.myNumberDigit(a);
    return group(d + (ok ? c : (c + 1) % 10), 4, 4, 4);
  }

  private static String chinaId(Random r, boolean ok) {
    String area = pick(r, new String[] {"110105", "310104", "440305", "510107", "330106"});
    int y = 1950 + r.nextInt(55);
    int m = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(Dates.daysIn(y, m));
    String body = area + String.format(Locale.ROOT, "%04d%02d%02d", y, m, day) + digits(r, 3);
    int[] d = Checksums.digits(body);
    char c = Checksums.chinaCheck(d);
    if (!ok) {
      c = c == 'X' ? '0' : c == '9' ? 'X' : (char) (c + 1);
    }
    return body + c;
  }

  private static String rrn(Random r, boolean ok) {
    int yy = r.nextInt(100);
    int m = 1 + r.nextInt(12);
    int d = 1 + r.nextInt(28);
    int g = yy < 20 ? 3 + r.nextInt(2) : 1 + r.nextInt(2);
    String body = String.format(Locale.ROOT, "%02d%02d%02d%d", yy, m, d, g) + digits(r, 5);
    int[] a = new int[13];
    for (int i = 0; i < 12; i++) {
      a[i] = body.charAt(i) - '0';
    }
    int c = Checksums.rrnDigit(a);
    String full = body + c;
    if (!ok) {
      // numbers since 2020 carry no check digit, so a near miss is an impossible birth date
      full = String.format(Locale.ROOT, "%02d%02d", yy, 13 + r.nextInt(7)) + full.substring(4);
    }
    return full.substring(0, 6) + "-" + full.substring(6);
  }

  private static String vat(Random r, boolean ok) {
    return switch (r.nextInt(3)) {
      case 0 -> {
        String body = (1 + r.nextInt(9)) + digits(r, 7);
        for (int c = 0; c < 10; c++) {
          if (Checksums.mod11_10(body + c)) {
            yield "DE" + body + (ok ? c : (c + 1) % 10);
          }
        }
        throw new IllegalStateException();
      }
      case 1 -> {
        String body = digits(r, 10);
        int c = luhnDigit(body);
        yield "IT" + body + (ok ? c : (c + 1) % 10);
      }
      default -> {
        long siren = 100_000_000L + r.nextInt(899_999_999);
        long key = (12 + 3 * (siren % 97)) % 97;
        yield "FR" + String.format(Locale.ROOT, "%02d", ok ? key : (key + 1) % 97) + siren;
      }
    };
  }

  private static String aba(Random r, boolean ok) {
    String prefix = pick(r, new String[] {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "21", "22", "26", "31", "32", "61", "67"});
    String d = prefix + digits(r, 6);
    int s = 3 * (d.charAt(0) - '0' + d.charAt(3) - '0' + d.charAt(6) - '0') + 7 * (d.charAt(1) - '0' + d.charAt(4) - '0' + d.charAt(7) - '0')
        + (d.charAt(2) - '0' + d.charAt(5) - '0');
    int c = (10 - s % 10) % 10;
    return d + (ok ? c : (c + 1) % 10);
  }
}
