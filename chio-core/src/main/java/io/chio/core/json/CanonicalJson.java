package io.chio.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.ChioFormatException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * RFC 8785 (JCS) canonical JSON. Object members sorted by UTF-16 code units (which is what {@link
 * String#compareTo} compares), no whitespace, integers exact over the whole i64 and u64 range,
 * other numbers in ECMAScript shortest round-trip form, minimal string escaping.
 *
 * <p>Every signature and every hash in Chio is computed over these bytes.
 */
public final class CanonicalJson {
  static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private CanonicalJson() {}

  /** Canonical UTF-8 bytes of a JSON tree. */
  public static byte[] bytes(JsonNode node) {
    ByteSink out = new ByteSink(256);
    try {
      write(node, out);
    } catch (Unwritable e) {
      throw new ChioFormatException("$" + String.join("", e.where) + ": " + e.getMessage());
    }
    return out.toByteArray();
  }

  /** Canonical form of a JSON tree as a string. */
  public static String string(JsonNode node) {
    return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Canonical bytes of any Jackson-serializable typed value. */
  public static byte[] bytesOf(Object value) {
    if (value instanceof JsonNode node) {
      return bytes(node);
    }
    return bytes(Json.mapper().valueToTree(value));
  }

  /** Parses arbitrary JSON text and returns its canonical bytes. */
  public static byte[] canonicalize(byte[] jsonUtf8) {
    return bytes(Json.parse(jsonUtf8));
  }

  /**
   * A value with no canonical form. The JSON path to it ({@code $.a[2].b}) is assembled only while
   * this unwinds, so the hot path builds no path strings at all.
   */
  private static final class Unwritable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ArrayDeque<String> where = new ArrayDeque<>();

    Unwritable(String message) {
      super(message, null, false, false);
    }
  }

  private static void write(JsonNode node, ByteSink out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> {
        out.write('[');
        int i = 0;
        for (JsonNode element : node) {
          if (i > 0) {
            out.write(',');
          }
          try {
            write(element, out);
          } catch (Unwritable e) {
            e.where.addFirst("[" + i + "]");
            throw e;
          }
          i++;
        }
        out.write(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.writeAscii(node.booleanValue() ? "true" : "false");
      case NULL -> out.writeAscii("null");
      default -> throw new Unwritable(node.getNodeType() + " is not JSON");
    }
  }

  private static void writeObject(JsonNode node, ByteSink out) {
    String[] names = new String[node.size()];
    int n = 0;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names[n++] = it.next();
    }
    Arrays.sort(names);
    out.write('{');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.write(',');
      }
      writeString(names[i], out);
      out.write(':');
      try {
        write(node.get(names[i]), out);
      } catch (Unwritable e) {
        e.where.addFirst("." + names[i]);
        throw e;
      }
    }
    out.write('}');
  }

  private static void writeNumber(JsonNode node, ByteSink out) {
    if (node.isInt() || node.isLong() || node.isShort()) {
      out.writeAscii(Long.toString(node.longValue()));
    } else if (node.isBigInteger()) {
      BigInteger v = node.bigIntegerValue();
      if (v.compareTo(I64_MIN) >= 0 && v.compareTo(U64_MAX) <= 0) {
        out.writeAscii(v.toString());
      } else {
        // Beyond i64/u64 a literal is accepted only when it is exactly the canonical form of a
        // double (the writer emits doubles in [2^64, 1e21) as plain digits, so canonical output
        // must read back). Anything that would be silently rounded is rejected: a signed document
        // must never change a number.
        double d = v.doubleValue();
        String rendered = Double.isFinite(d) ? EcmaNumber.format(d) : null;
        if (rendered == null || !rendered.equals(v.toString())) {
          throw new Unwritable("integer " + v + " is outside the i64/u64 range and would lose precision; send it as a string");
        }
        out.writeAscii(rendered);
      }
    } else if (node.isBigDecimal()) {
      writeDecimal(node.decimalValue(), out);
    } else {
      double d = node.doubleValue();
      if (!Double.isFinite(d)) {
        throw new Unwritable("NaN and infinities are not valid JSON numbers");
      }
      out.writeAscii(EcmaNumber.format(d));
    }
  }

  private static void writeDecimal(BigDecimal v, ByteSink out) {
    if (v.scale() <= 0 || v.stripTrailingZeros().scale() <= 0) {
      BigInteger exact = v.toBigIntegerExact();
      if (exact.compareTo(I64_MIN) >= 0 && exact.compareTo(U64_MAX) <= 0) {
        out.writeAscii(exact.toString());
        return;
      }
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      throw new Unwritable("number " + v + " is outside the double range");
    }
    out.writeAscii(EcmaNumber.format(d));
  }

  static void writeString(String s, ByteSink out) {
    out.write('"');
    int len = s.length();
    // Most strings (keys, ids, hex, paths) are printable ASCII with nothing to escape: copy those
    // in one pass and fall through to the general loop only from the first other character.
    int i = out.writeVerbatimPrefix(s);
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        switch (c) {
          case '"' -> out.writeAscii("\\\"");
          case '\\' -> out.writeAscii("\\\\");
          case '\b' -> out.writeAscii("\\b");
          case '\f' -> out.writeAscii("\\f");
          case '\n' -> out.writeAscii("\\n");
          case '\r' -> out.writeAscii("\\r");
          case '\t' -> out.writeAscii("\\t");
          default -> {
            if (c < 0x20) {
              out.writeAscii("\\u00");
              out.write(HEX[c >> 4]);
              out.write(HEX[c & 0xf]);
            } else {
              out.write(c);
            }
          }
        }
      } else if (c < 0x800) {
        out.write(0xc0 | (c >> 6));
        out.write(0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.write(0xf0 | (cp >> 18));
        out.write(0x80 | ((cp >> 12) & 0x3f));
        out.write(0x80 | ((cp >> 6) & 0x3f));
        out.write(0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        throw new ChioFormatException("string contains a lone UTF-16 surrogate (U+" + Integer.toHexString(c) + ")");
      } else {
        out.write(0xe0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3f));
        out.write(0x80 | (c & 0x3f));
      }
    }
    out.write('"');
  }

  /** Minimal growable byte buffer; avoids the synchronization of ByteArrayOutputStream. */
  static final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
      buf = new byte[capacity];
    }

    void write(int b) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[size++] = (byte) b;
    }

    void writeAscii(String s) {
      int n = s.length();
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) s.charAt(i);
      }
    }

    /**
     * Copies the longest prefix of {@code s} made of printable ASCII other than {@code "} and
     * {@code \\} (which canonical JSON writes as is) and returns its length.
     */
    int writeVerbatimPrefix(String s) {
      int n = s.length();
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
      int i = 0;
      while (i < n) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
          break;
        }
        buf[size + i] = (byte) c;
        i++;
      }
      size += i;
      return i;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }
}
