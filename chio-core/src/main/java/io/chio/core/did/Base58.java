package io.chio.core.did;

import java.util.Objects;

/** Base58btc (Bitcoin alphabet) encoding, as used by multibase {@code z} strings. */
public final class Base58 {
  private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();

  private Base58() {}

  public static String encode(byte[] input) {
    Objects.requireNonNull(input, "input");
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    // Repeated division of the big-endian number by 58; digits come out least significant first.
    byte[] num = input.clone();
    char[] out = new char[input.length * 2];
    int pos = out.length;
    int start = zeros;
    while (start < num.length) {
      int remainder = 0;
      for (int i = start; i < num.length; i++) {
        int acc = (remainder << 8) | (num[i] & 0xff);
        num[i] = (byte) (acc / 58);
        remainder = acc % 58;
      }
      out[--pos] = ALPHABET[remainder];
      while (start < num.length && num[start] == 0) {
        start++;
      }
    }
    for (int i = 0; i < zeros; i++) {
      out[--pos] = '1';
    }
    return new String(out, pos, out.length - pos);
  }
}
