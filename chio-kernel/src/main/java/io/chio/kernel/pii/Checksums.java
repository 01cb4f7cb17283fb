package io.chio.kernel.pii;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The check-digit algorithms the validators use. Inputs are ASCII digit strings (separators
 * already stripped) unless a method says otherwise; a malformed input is simply invalid.
 */
final class Checksums {
  private Checksums() {}

  static int[] digits(CharSequence s) {
    int[] d = new int[s.length()];
    for (int i = 0; i < d.length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      d[i] = c - '0';
    }
    return d;
  }

  /** The ASCII digits of {@code s}, dropping everything else. */
  static String onlyDigits(CharSequence s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** ASCII letters and digits of {@code s}, upper-cased. */
  static String alnumUpper(CharSequence s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
        b.append(c);
      } else if (c >= 'a' && c <= 'z') {
        b.append((char) (c - 32));
      }
    }
    return b.toString();
  }

  static boolean allSame(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) != s.charAt(0)) {
        return false;
      }
    }
    return true;
  }

  static boolean luhn(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length == 0) {
      return false;
    }
    int sum = 0;
    boolean dbl = false;
    for (int i = d.length - 1; i >= 0; i--) {
      int v = d[i];
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** ISO 13616: rearranged, letters as 10..35, the number mod 97 is 1. */
  static boolean iban(String ibanUpper) {
    if (ibanUpper.length() < 15 || ibanUpper.length() > 34) {
      return false;
    }
    String r = ibanUpper.substring(4) + ibanUpper.substring(0, 4);
    int mod = 0;
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      int v;
      if (c >= '0' && c <= '9') {
        v = c - '0';
        mod = (mod * 10 + v) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        v = c - 'A' + 10;
        mod = (mod * 100 + v) % 97;
      } else {
        return false;
      }
    }
    return mod == 1;
  }

  private static final int[][] VERHOEFF_D = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
      {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
      {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  private static final int[][] VERHOEFF_P = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
      {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  private static final int[] VERHOEFF_INV = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

  static boolean verhoeff(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length == 0) {
      return false;
    }
    int c = 0;
    for (int i = 0; i < d.length; i++) {
      c = VERHOEFF_D[c][VERHOEFF_P[i % 8][d[d.length - 1 - i]]];
    }
    return c == 0;
  }

  /** The Verhoeff check digit to append to {@code digits}. */
  static int verhoeffDigit(String digits) {
    int[] d = digits(digits);
    int c = 0;
    for (int i = 0; i < d.length; i++) {
      c = VERHOEFF_D[c][VERHOEFF_P[(i + 1) % 8][d[d.length - 1 - i]]];
    }
    return VERHOEFF_INV[c];
  }

  /** NHS number: weights 10..2 over nine digits, check = 11 - sum mod 11 (11 -> 0, 10 invalid). */
  static boolean nhs(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length != 10) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += d[i] * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
      check = 0;
    }
    return check != 10 && check == d[9];
  }

  /** Brazil CPF: two mod-11 check digits; repeated digits are invalid. */
  static boolean cpf(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length != 11 || allSame(digits)) {
      return false;
    }
    return cpfDigit(d, 9) == d[9] && cpfDigit(d, 10) == d[10];
  }

  static int cpfDigit(int[] d, int len) {
    int sum = 0;
    for (int i = 0; i < len; i++) {
      sum += d[i] * (len + 1 - i);
    }
    int r = (sum * 10) % 11;
    return r == 10 ? 0 : r;
  }

  private static final int[] CNPJ_W1 = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
  private static final int[] CNPJ_W2 = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

  /** Brazil CNPJ: two weighted mod-11 check digits. */
  static boolean cnpj(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length != 14 || allSame(digits)) {
      return false;
    }
    return cnpjDigit(d, CNPJ_W1) == d[12] && cnpjDigit(d, CNPJ_W2) == d[13];
  }

  static int cnpjDigit(int[] d, int[] w) {
    int sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += d[i] * w[i];
    }
    int r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  }

  private static final int[] TFN_W = {1, 4, 3, 7, 5, 8, 6, 9, 10};

  /** Australian TFN (9 digits): weighted sum divisible by 11. */
  static boolean tfn(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length != 9) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += d[i] * TFN_W[i];
    }
    return sum % 11 == 0;
  }

  private static final int[] MEDICARE_W = {1, 3, 7, 9, 1, 3, 7, 9};

  /** Australian Medicare (10 digits): first digit 2-6, weighted check in the ninth, issue number 1-9. */
  static boolean medicare(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length != 10 || d[0] < 2 || d[0] > 6 || d[9] == 0) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += d[i] * MEDICARE_W[i];
    }
    return sum % 10 == d[8];
  }

  /** Japan My Number (12 digits): weighted mod-11 check digit. */
  static boolean myNumber(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length != 12) {
      return false;
    }
    return myNumberDigit(d) == d[11];
  }

  static int myNumberDigit(int[] d) {
    int sum = 0;
    for (int n = 1; n <= 11; n++) {
      int p = d[11 - n];
      int q = n <= 6 ? n + 1 : n - 5;
      sum += p * q;
    }
    int r = sum % 11;
    return r <= 1 ? 0 : 11 - r;
  }

  private static final int[] CN_W = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CN_CHECK = "10X98765432";

  /** China resident identity card (18 chars): ISO 7064 MOD 11-2 check character, valid birth date. */
  static boolean chinaId(String idUpper) {
    if (idUpper.length() != 18) {
      return false;
    }
    int[] d = digits(idUpper.substring(0, 17));
    if (d == null || d[0] == 0) {
      return false;
    }
    if (!Dates.valid(Integer.parseInt(idUpper.substring(6, 10)), Integer.parseInt(idUpper.substring(10, 12)),
        Integer.parseInt(idUpper.substring(12, 14)))) {
      return false;
    }
    return chinaCheck(d) == idUpper.charAt(17);
  }

  static char chinaCheck(int[] d) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += d[i] * CN_W[i];
    }
    return CN_CHECK.charAt(sum % 11);
  }

  private static final int[] RRN_W = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};

  /** Korea RRN check digit (numbers issued before October 2020). */
  static boolean rrn(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length != 13) {
      return false;
    }
    return rrnDigit(d) == d[12];
  }

  static int rrnDigit(int[] d) {
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += d[i] * RRN_W[i];
    }
    return (11 - sum % 11) % 10;
  }

  /** ABA routing number: 3-7-1 weighted sum divisible by 10, with a Federal Reserve prefix. */
  static boolean aba(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length != 9) {
      return false;
    }
    int prefix = d[0] * 10 + d[1];
    boolean knownPrefix = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix == 80;
    int sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
    return knownPrefix && sum % 10 == 0 && !allSame(digits);
  }

  /** ISO 7064 MOD 11,10 (German VAT and others). */
  static boolean mod11_10(String digits) {
    int[] d = digits(digits);
    if (d == null || d.length < 2) {
      return false;
    }
    int p = 10;
    for (int i = 0; i < d.length - 1; i++) {
      int s = (d[i] + p) % 10;
      if (s == 0) {
        s = 10;
      }
      p = (2 * s) % 11;
    }
    int check = (11 - p) % 10;
    return check == d[d.length - 1];
  }

  /** Weighted mod-11 where the check digit is the remainder (10 invalid); Polish NIP uses this. */
  static boolean weightedMod11(String digits, int[] weights) {
    int[] d = digits(digits);
    if (d == null || d.length != weights.length + 1) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += d[i] * weights[i];
    }
    int r = sum % 11;
    return r != 10 && r == d[weights.length];
  }

  // ---- crypto wallets ----

  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  /** Bitcoin legacy address: base58, 25 bytes, version 0x00 or 0x05, double-SHA-256 checksum. */
  static boolean base58Check(String s) {
    BigInteger n = BigInteger.ZERO;
    BigInteger b58 = BigInteger.valueOf(58);
    int leadingOnes = 0;
    boolean leading = true;
    for (int i = 0; i < s.length(); i++) {
      int v = BASE58.indexOf(s.charAt(i));
      if (v < 0) {
        return false;
      }
      if (leading && v == 0) {
        leadingOnes++;
      } else {
        leading = false;
      }
      n = n.multiply(b58).add(BigInteger.valueOf(v));
    }
    byte[] raw = n.toByteArray();
    int skip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
    int len = raw.length - skip + leadingOnes;
    if (n.signum() == 0 || len != 25) {
      return false;
    }
    byte[] full = new byte[25];
    System.arraycopy(raw, skip, full, leadingOnes, raw.length - skip);
    if (full[0] != 0x00 && full[0] != 0x05) {
      return false;
    }
    byte[] hash = sha256(sha256(java.util.Arrays.copyOf(full, 21)));
    for (int i = 0; i < 4; i++) {
      if (hash[i] != full[21 + i]) {
        return false;
      }
    }
    return true;
  }

  private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] BECH32_GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  /** A segwit address with human part {@code bc}: bech32 (v0) or bech32m (v1+) checksum. */
  static boolean bech32(String lower) {
    int sep = lower.lastIndexOf('1');
    if (sep < 1 || !lower.substring(0, sep).equals("bc") || lower.length() - sep - 1 < 7) {
      return false;
    }
    int[] data = new int[lower.length() - sep - 1];
    for (int i = 0; i < data.length; i++) {
      int v = BECH32.indexOf(lower.charAt(sep + 1 + i));
      if (v < 0) {
        return false;
      }
      data[i] = v;
    }
    int chk = 1;
    String hrp = lower.substring(0, sep);
    for (int i = 0; i < hrp.length(); i++) {
      chk = polymodStep(chk, hrp.charAt(i) >> 5);
    }
    chk = polymodStep(chk, 0);
    for (int i = 0; i < hrp.length(); i++) {
      chk = polymodStep(chk, hrp.charAt(i) & 31);
    }
    for (int v : data) {
      chk = polymodStep(chk, v);
    }
    int version = data[0];
    return (version == 0 && chk == 1) || (version > 0 && version <= 16 && chk == 0x2bc830a3);
  }

  private static int polymodStep(int chk, int v) {
    int top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= BECH32_GEN[i];
      }
    }
    return chk;
  }

  /** EIP-55 mixed-case checksum of an Ethereum address (40 hex digits, no {@code 0x}). */
  static boolean eip55(String hex40) {
    byte[] lower = hex40.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    KeccakDigest keccak = new KeccakDigest(256);
    keccak.update(lower, 0, lower.length);
    byte[] hash = new byte[32];
    keccak.doFinal(hash, 0);
    for (int i = 0; i < 40; i++) {
      char c = hex40.charAt(i);
      if (Character.isLetter(c)) {
        int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
        boolean upper = Character.isUpperCase(c);
        if (upper != (nibble >= 8)) {
          return false;
        }
      }
    }
    return true;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** IBAN lengths by country (ISO 13616 registry, the countries we validate). */
  static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
      Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
      Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
      Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
      Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24),
      Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22),
      Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21),
      Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IS", 26), Map.entry("IT", 27),
      Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21),
      Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24),
      Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30),
      Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29),
      Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24),
      Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24),
      Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VG", 24), Map.entry("XK", 20));
}
