package io.chio.kernel.guards.net;

import java.util.Objects;

/** A CIDR block ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is a /32 or /128. Immutable. */
public final class IpRange {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private IpRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
    this.text = (network.length == 4 ? IpLiterals.formatIpv4(network) : IpLiterals.formatIpv6(network)) + "/" + prefix;
  }

  /**
   * Parses {@code address[/prefix]}. Host bits below the prefix are cleared, so {@code
   * 10.1.2.3/8} is 10.0.0.0/8.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static IpRange parse(String cidr) {
    Objects.requireNonNull(cidr, "cidr");
    String s = cidr.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    Host h;
    try {
      h = Host.parse(addr);
    } catch (InvalidTargetException e) {
      throw new IllegalArgumentException("\"" + cidr + "\" is not an IP range: " + e.getMessage());
    }
    if (!h.isIp()) {
      throw new IllegalArgumentException("\"" + cidr + "\" is not an IP range (expected e.g. 10.0.0.0/8 or fc00::/7)");
    }
    byte[] a = h.addressUnsafe().clone();
    int max = a.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("\"" + cidr + "\": prefix length must be a number 0.." + max);
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        throw new IllegalArgumentException("\"" + cidr + "\": prefix length must be 0.." + max);
      }
    }
    for (int bit = prefix; bit < max; bit++) {
      a[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
    }
    return new IpRange(a, prefix);
  }

  /** True when {@code address} (4 or 16 bytes) is inside this range; families never mix. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix >> 3;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rem = prefix & 7;
    if (rem == 0) {
      return true;
    }
    int mask = (0xff << (8 - rem)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  public boolean isIpv4() {
    return network.length == 4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpRange r && r.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Canonical CIDR text, e.g. {@code 10.0.0.0/8}. */
  @Override
  public String toString() {
    return text;
  }
}
