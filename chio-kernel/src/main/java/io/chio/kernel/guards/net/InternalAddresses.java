package io.chio.kernel.guards.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lexical SSRF classification: is a host an internal target rather than the public internet?
 * Covers cloud metadata endpoints (by address and by name), private, loopback, link-local,
 * CGNAT, unspecified, multicast and reserved IPv4 and IPv6 ranges, IPv4 embedded in IPv6
 * (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-translated, IPv4-compatible {@code ::/96}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}), {@code localhost} and
 * special-use names ({@code *.localhost}, {@code *.internal}, {@code *.local}, {@code
 * *.home.arpa}, ...), single-label names (resolved through local search domains) and, with the
 * rebinding heuristics on, names that embed an internal IPv4 ({@code 10.0.0.1.evil.com}, {@code
 * 127-0-0-1.evil.com}) or belong to wildcard-DNS services that map names to arbitrary addresses
 * ({@code nip.io}, {@code sslip.io}, rebinding services) or always to loopback ({@code lvh.me}).
 *
 * <p>Lexical only: no DNS lookup. A public name that resolves to an internal address (DNS
 * rebinding) is invisible here and must be stopped where the connection is made, by checking the
 * resolved address with {@link #classifyAddress(byte[])} before connecting. Documentation ranges
 * (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are not treated as internal.
 */
public final class InternalAddresses {
  private static final List<Rule> V4 =
      List.of(
          rule("0.0.0.0/8", "unspecified (\"this network\") address"),
          rule("10.0.0.0/8", "private address (RFC 1918)"),
          rule("100.64.0.0/10", "shared address space (CGNAT, RFC 6598)"),
          rule("127.0.0.0/8", "loopback address"),
          rule("169.254.0.0/16", "link-local address"),
          rule("172.16.0.0/12", "private address (RFC 1918)"),
          rule("192.0.0.0/24", "IETF protocol assignment (192.0.0.0/24)"),
          rule("192.88.99.0/24", "6to4 relay anycast address"),
          rule("192.168.0.0/16", "private address (RFC 1918)"),
          rule("198.18.0.0/15", "benchmarking address (198.18.0.0/15)"),
          rule("224.0.0.0/4", "multicast address"),
          rule("240.0.0.0/4", "reserved or broadcast address"));

  private static final List<Rule> V6 =
      List.of(
          rule("::/128", "unspecified address"),
          rule("::1/128", "loopback address"),
          rule("100::/64", "discard-only address (100::/64)"),
          rule("64:ff9b:1::/48", "local-use NAT64 address (64:ff9b:1::/48)"),
          rule("fc00::/7", "unique local address (fc00::/7)"),
          rule("fe80::/10", "link-local address"),
          rule("fec0::/10", "site-local address (fec0::/10)"),
          rule("ff00::/8", "multicast address"));

  private static final List<IpRange> METADATA_ADDRESSES =
      List.of(
          IpRange.parse("169.254.169.254"), // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
          IpRange.parse("169.254.170.2"), // AWS ECS task metadata
          IpRange.parse("100.100.100.200"), // Alibaba Cloud
          IpRange.parse("192.0.0.192"), // Oracle Cloud (legacy)
          IpRange.parse("fd00:ec2::254")); // AWS IMDS over IPv6

  private static final IpRange MAPPED = IpRange.parse("::ffff:0:0/96");
  private static final IpRange TRANSLATED = IpRange.parse("::ffff:0:0:0/96");
  private static final IpRange COMPATIBLE = IpRange.parse("::/96");
  private static final IpRange NAT64 = IpRange.parse("64:ff9b::/96");
  private static final IpRange SIX_TO_FOUR = IpRange.parse("2002::/16");
  private static final IpRange TEREDO = IpRange.parse("2001::/32");

  private static final Set<String> METADATA_NAMES =
      Set.of(
          "metadata",
          "metadata.google.internal",
          "metadata.goog",
          "metadata.azure.com",
          "metadata.azure.internal",
          "instance-data",
          "instance-data.ec2.internal",
          "metadata.tencentyun.com",
          "metadata.packet.net",
          "metadata.platformequinix.com",
          "kubernetes.default",
          "kubernetes.default.svc",
          "kubernetes.default.svc.cluster.local");

  // Special-use and private-use namespaces (RFC 6761, RFC 6762, RFC 8375, ICANN .internal).
  private static final List<String> INTERNAL_SUFFIXES =
      List.of(".localhost", ".internal", ".local", ".localdomain", ".home.arpa", ".svc", ".intranet");

  // Public domains whose every name resolves to 127.0.0.1.
  private static final List<String> LOOPBACK_DOMAINS = List.of("localtest.me", "lvh.me", "vcap.me", "lacolhost.com", "fuf.me", "localhost.direct");

  // Wildcard DNS that answers with an address spelled in the name, or rebinds between two.
  private static final List<String> WILDCARD_IP_DOMAINS =
      List.of("nip.io", "sslip.io", "xip.io", "traefik.me", "backname.io", "1u.ms", "rbndr.us", "rebind.it", "rebind.network", "lock.cmpxchg8b.com");

  private InternalAddresses() {}

  private record Rule(IpRange range, String reason) {}

  private static Rule rule(String cidr, String reason) {
    return new Rule(IpRange.parse(cidr), reason);
  }

  /** Why {@code host} is an internal target, or null when it is public. Rebinding heuristics on. */
  public static String classify(Host host) {
    return classify(host, true);
  }

  /**
   * Why {@code host} is an internal target, or null when it is public.
   *
   * @param rebindingHeuristics also flag DNS names that embed an internal IPv4 or belong to
   *     wildcard-DNS services (see class doc)
   */
  public static String classify(Host host, boolean rebindingHeuristics) {
    if (host.isIp()) {
      for (byte[] a : effectiveAddresses(host)) {
        String r = classifyAddress(a);
        if (r != null) {
          return r;
        }
      }
      return null;
    }
    return classifyName(host.name(), rebindingHeuristics);
  }

  /**
   * Why a raw address (4 or 16 bytes, e.g. what a resolver returned) is internal, or null. IPv6
   * forms that embed an IPv4 address are judged by it.
   */
  public static String classifyAddress(byte[] a) {
    for (IpRange m : METADATA_ADDRESSES) {
      if (m.contains(a)) {
        return "cloud metadata endpoint";
      }
    }
    if (a.length == 4) {
      for (Rule r : V4) {
        if (r.range().contains(a)) {
          return r.reason();
        }
      }
      return null;
    }
    for (Rule r : V6) {
      if (r.range().contains(a)) {
        return r.reason();
      }
    }
    byte[] v4 = embeddedIpv4(a, 0);
    if (v4 != null) {
      String inner = classifyAddress(v4);
      if (COMPATIBLE.contains(a)) {
        return "IPv4-compatible IPv6 address (deprecated)" + (inner == null ? "" : " embedding " + inner);
      }
      if (inner != null) {
        return embeddingKind(a) + " embedding " + inner + " (" + IpLiterals.formatIpv4(v4) + ")";
      }
    }
    byte[] teredoClient = embeddedIpv4(a, 1);
    if (teredoClient != null) {
      String inner = classifyAddress(teredoClient);
      if (inner != null) {
        return "Teredo address embedding " + inner + " (" + IpLiterals.formatIpv4(teredoClient) + ")";
      }
    }
    return null;
  }

  /**
   * Every address a connection to {@code host} might reach: the address itself, the decimal
   * reading of a zero-padded IPv4 literal, and IPv4 addresses embedded in transitional IPv6 forms.
   * Empty for DNS names.
   */
  static List<byte[]> effectiveAddresses(Host host) {
    List<byte[]> out = new ArrayList<>(3);
    byte[] a = host.addressUnsafe();
    if (a == null) {
      return out;
    }
    out.add(a);
    if (host.alternateAddressUnsafe() != null) {
      out.add(host.alternateAddressUnsafe());
    }
    if (a.length == 16) {
      for (int which = 0; which < 2; which++) {
        byte[] v4 = embeddedIpv4(a, which);
        if (v4 != null) {
          out.add(v4);
        }
      }
    }
    return out;
  }

  // which = 0: the IPv4 address a mapped/translated/compatible/NAT64/6to4/Teredo-server form
  // carries; which = 1: the Teredo client address (stored bit-inverted in the last 32 bits).
  private static byte[] embeddedIpv4(byte[] a, int which) {
    if (a.length != 16) {
      return null;
    }
    if (which == 1) {
      if (!TEREDO.contains(a)) {
        return null;
      }
      return new byte[] {(byte) ~a[12], (byte) ~a[13], (byte) ~a[14], (byte) ~a[15]};
    }
    if (MAPPED.contains(a) || TRANSLATED.contains(a) || COMPATIBLE.contains(a) || NAT64.contains(a)) {
      return new byte[] {a[12], a[13], a[14], a[15]};
    }
    if (SIX_TO_FOUR.contains(a)) {
      return new byte[] {a[2], a[3], a[4], a[5]};
    }
    if (TEREDO.contains(a)) {
      return new byte[] {a[4], a[5], a[6], a[7]};
    }
    return null;
  }

  private static String embeddingKind(byte[] a) {
    if (MAPPED.contains(a)) {
      return "IPv4-mapped IPv6 address";
    }
    if (TRANSLATED.contains(a)) {
      return "IPv4-translated IPv6 address";
    }
    if (NAT64.contains(a)) {
      return "NAT64 address";
    }
    if (SIX_TO_FOUR.contains(a)) {
      return "6to4 address";
    }
    return "Teredo address";
  }

  private static String classifyName(String name, boolean rebindingHeuristics) {
    if (METADATA_NAMES.contains(name)) {
      return "cloud metadata endpoint";
    }
    if (name.equals("localhost") || name.equals("localdomain")) {
      return "loopback name";
    }
    for (String sfx : INTERNAL_SUFFIXES) {
      if (name.endsWith(sfx)) {
        return "special-use internal name (*" + sfx + ")";
      }
    }
    if (name.indexOf('.') < 0) {
      return "single-label host name (resolved through local search domains)";
    }
    if (!rebindingHeuristics) {
      return null;
    }
    for (String d : LOOPBACK_DOMAINS) {
      if (isUnder(name, d)) {
        return "domain that always resolves to loopback (" + d + ")";
      }
    }
    for (String d : WILDCARD_IP_DOMAINS) {
      if (isUnder(name, d)) {
        return "wildcard DNS service that maps names to arbitrary addresses (" + d + ")";
      }
    }
    byte[] embedded = embeddedInternalIpv4(name);
    if (embedded != null) {
      return "host name embeds internal address " + IpLiterals.formatIpv4(embedded) + " (DNS rebinding risk)";
    }
    return null;
  }

  private static boolean isUnder(String name, String domain) {
    return name.equals(domain) || (name.endsWith(domain) && name.charAt(name.length() - domain.length() - 1) == '.');
  }

  // An internal IPv4 spelled as four consecutive decimal labels (10.0.0.1.evil.com) or as the
  // last four dash-separated parts of one label (127-0-0-1.evil.com, ip-10-0-0-1.example).
  private static byte[] embeddedInternalIpv4(String name) {
    String[] labels = name.split("\\.");
    int[] octet = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      octet[i] = strictOctet(labels[i], 0, labels[i].length());
    }
    for (int i = 0; i + 3 < labels.length; i++) {
      if (octet[i] >= 0 && octet[i + 1] >= 0 && octet[i + 2] >= 0 && octet[i + 3] >= 0) {
        byte[] a = {(byte) octet[i], (byte) octet[i + 1], (byte) octet[i + 2], (byte) octet[i + 3]};
        if (classifyAddress(a) != null) {
          return a;
        }
      }
    }
    for (String label : labels) {
      byte[] a = dashedIpv4(label);
      if (a != null && classifyAddress(a) != null) {
        return a;
      }
    }
    return null;
  }

  private static byte[] dashedIpv4(String label) {
    if (label.indexOf('-') < 0) {
      return null;
    }
    String[] parts = label.split("-", -1);
    if (parts.length < 4) {
      return null;
    }
    byte[] a = new byte[4];
    for (int k = 0; k < 4; k++) {
      String p = parts[parts.length - 4 + k];
      int v = strictOctet(p, 0, p.length());
      if (v < 0) {
        return null;
      }
      a[k] = (byte) v;
    }
    return a;
  }

  private static int strictOctet(String s, int start, int end) {
    int len = end - start;
    if (len < 1 || len > 3 || (len > 1 && s.charAt(start) == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 255 ? v : -1;
  }
}
