package io.chio.kernel.guards.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ToolCall;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every spelling of an internal address that an HTTP client might accept is denied by
 * internal-network, and every spelling parses back to the address it encodes.
 */
class IpEncodingPropertiesTest {
  private static final InternalNetworkGuard GUARD = guard();

  private static InternalNetworkGuard guard() {
    try {
      return InternalNetworkGuard.create(JsonNodeFactory.instance.objectNode());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An IPv4 address plus a random way of writing it. */
  record Encoded(int address, String text) {}

  private static final List<long[]> INTERNAL_V4 =
      List.of(
          new long[] {0x00000000L, 8}, // 0.0.0.0/8
          new long[] {0x0A000000L, 8}, // 10/8
          new long[] {0x64400000L, 10}, // 100.64/10
          new long[] {0x7F000000L, 8}, // 127/8
          new long[] {0xA9FE0000L, 16}, // 169.254/16
          new long[] {0xAC100000L, 12}, // 172.16/12
          new long[] {0xC0A80000L, 16}, // 192.168/16
          new long[] {0xE0000000L, 4}); // 224/4 and up

  @Provide
  Arbitrary<Integer> internalIpv4() {
    return Arbitraries.of(INTERNAL_V4)
        .flatMap(r -> Arbitraries.longs().between(0, (1L << (32 - r[1])) - 1).map(off -> (int) (r[0] + off)));
  }

  @Provide
  Arbitrary<Integer> publicIpv4() {
    // 1.0.0.0 - 9.255.255.255 and 11.0.0.0 - 99.255.255.255 contain no special-purpose range.
    Arbitrary<Integer> first = Arbitraries.oneOf(Arbitraries.integers().between(1, 9), Arbitraries.integers().between(11, 99));
    return Combinators.combine(first, Arbitraries.integers().between(0, 0xFFFFFF)).as((f, rest) -> (f << 24) | rest);
  }

  @Provide
  Arbitrary<Encoded> internalEncoded() {
    return internalIpv4().flatMap(a -> encodings(a, true).map(t -> new Encoded(a, t)));
  }

  @Provide
  Arbitrary<Encoded> publicEncoded() {
    return publicIpv4().flatMap(a -> encodings(a, false).map(t -> new Encoded(a, t)));
  }

  /**
   * Random IPv4 spellings: 1-4 parts, each decimal, hex (any case, zero padding) or octal (any
   * zero padding), with optional trailing dot, percent-encoding or full-width digits. Octal is
   * left out when {@code octal} is false, because a zero-padded part also has a decimal reading.
   */
  private static Arbitrary<String> encodings(int address, boolean octal) {
    Arbitrary<Integer> parts = Arbitraries.integers().between(1, 4);
    Arbitrary<List<Integer>> radixes = Arbitraries.of(octal ? List.of(10, 16, 8) : List.of(10, 16)).list().ofSize(4);
    Arbitrary<Integer> padding = Arbitraries.integers().between(0, 3);
    Arbitrary<Boolean> upper = Arbitraries.of(true, false);
    Arbitrary<Integer> decoration = Arbitraries.integers().between(0, 3);
    return Combinators.combine(parts, radixes, padding, upper, decoration)
        .as(
            (n, rs, pad, up, deco) -> {
              long v = Integer.toUnsignedLong(address);
              long[] values = new long[n];
              for (int i = 0; i < n - 1; i++) {
                values[i] = (v >>> (8 * (3 - i))) & 0xFF;
              }
              values[n - 1] = v & ((1L << (8 * (5 - n))) - 1);
              StringBuilder sb = new StringBuilder();
              for (int i = 0; i < n; i++) {
                if (i > 0) {
                  sb.append('.');
                }
                sb.append(part(values[i], rs.get(i), pad, up));
              }
              String s = sb.toString();
              return switch (deco) {
                case 1 -> s + ".";
                case 2 -> percentEncodeFirstDigit(s);
                case 3 -> fullWidth(s);
                default -> s;
              };
            });
  }

  private static String part(long v, int radix, int pad, boolean upper) {
    return switch (radix) {
      case 16 -> {
        String h = "0".repeat(pad) + Long.toHexString(v);
        yield (upper ? "0X" : "0x") + (upper ? h.toUpperCase(Locale.ROOT) : h);
      }
      case 8 -> "0" + "0".repeat(pad) + Long.toOctalString(v);
      default -> Long.toString(v);
    };
  }

  private static String percentEncodeFirstDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return s.substring(0, i) + "%3" + c + s.substring(i + 1);
      }
    }
    return s;
  }

  private static String fullWidth(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= '0' && c <= '9' ? (char) ('０' + (c - '0')) : c);
    }
    return sb.toString();
  }

  private static byte[] bytes(int a) {
    return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
  }

  private static GuardResult evaluate(String url) {
    ObjectNode args = JsonNodeFactory.instance.objectNode().put("url", url);
    return GUARD.evaluate(new GuardContext(ToolCall.of("srv", "http_get", args), new ToolAction.NetworkEgress(url), List.of(), 0));
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
  void everyEncodingOfAnInternalIpv4IsDenied(@ForAll("internalEncoded") Encoded e) {
    GuardResult r = evaluate("http://" + e.text() + "/latest/meta-data");
    assertThat(r).as(e.text()).isInstanceOf(GuardResult.Deny.class);
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
  void everyEncodingParsesBackToItsAddress(@ForAll("internalEncoded") Encoded e) throws Exception {
    assertThat(NetTarget.parse("http://" + e.text() + ":8080/").host().address()).as(e.text()).isEqualTo(bytes(e.address()));
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.MIXIN)
  void publicIpv4InDecimalOrHexIsAllowedAndCanonical(@ForAll("publicEncoded") Encoded e) throws Exception {
    assertThat(Host.parse(e.text()).name()).isEqualTo(IpLiterals.formatIpv4(bytes(e.address())));
    assertThat(evaluate("https://" + e.text() + "/")).as(e.text()).isInstanceOf(GuardResult.Allow.class);
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.MIXIN)
  void internalIpv4EmbeddedInIpv6IsDenied(@ForAll("internalIpv4") int a, @ForAll("embedding") int form) {
    int hi = a >>> 16;
    int lo = a & 0xFFFF;
    String dotted = IpLiterals.formatIpv4(bytes(a));
    String v6 =
        switch (form) {
          case 0 -> "::ffff:" + dotted;
          case 1 -> "::ffff:" + Integer.toHexString(hi) + ":" + Integer.toHexString(lo);
          case 2 -> "0:0:0:0:0:FFFF:" + dotted;
          case 3 -> "64:ff9b::" + dotted;
          case 4 -> "2002:" + Integer.toHexString(hi) + ":" + Integer.toHexString(lo) + "::1";
          case 5 -> "::ffff:0:" + dotted;
          case 6 -> "2001:0:" + Integer.toHexString(hi) + ":" + Integer.toHexString(lo) + "::1";
          default -> "::" + dotted;
        };
    assertThat(evaluate("http://[" + v6 + "]:80/")).as(v6).isInstanceOf(GuardResult.Deny.class);
  }

  @Provide
  Arbitrary<Integer> embedding() {
    return Arbitraries.integers().between(0, 7);
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
  void publicIpv4MappedIntoIpv6IsAllowed(@ForAll("publicIpv4") int a) {
    String dotted = IpLiterals.formatIpv4(bytes(a));
    assertThat(evaluate("http://[::ffff:" + dotted + "]/")).isInstanceOf(GuardResult.Allow.class);
    assertThat(evaluate("http://[64:ff9b::" + dotted + "]/")).isInstanceOf(GuardResult.Allow.class);
  }
}
