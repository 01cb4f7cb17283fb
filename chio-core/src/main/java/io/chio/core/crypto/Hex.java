package io.chio.core.crypto;

import io.chio.core.ChioFormatException;

/** Lowercase hex encoding; decoding accepts either case and an optional {@code 0x} prefix. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** Decodes hex; {@code what} names the field in the error message. */
  public static byte[] decode(String hex, String what) {
    if (hex == null) {
      throw new ChioFormatException(what + ": expected hex, got nothing");
    }
    String s = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if ((s.length() & 1) != 0) {
      throw new ChioFormatException(what + ": odd-length hex (" + s.length() + " characters)");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0 || s.charAt(2 * i) > 'f' || s.charAt(2 * i + 1) > 'f') {
        throw new ChioFormatException(what + ": invalid hex character at position " + (2 * i));
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** Decodes hex that must be exactly {@code length} bytes. */
  public static byte[] decodeFixed(String hex, int length, String what) {
    byte[] b = decode(hex, what);
    if (b.length != length) {
      throw new ChioFormatException(what + ": expected " + length + " bytes (" + 2 * length + " hex characters), got " + b.length);
    }
    return b;
  }
}
