package io.chio.kernel.guards.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InternalAddressesTest {

  private static String classify(String host) throws Exception {
    return InternalAddresses.classify(Host.parse(host));
  }

  @ParameterizedTest(name = "{0} is internal: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "169.254.169.254 | cloud metadata",
        "169.254.170.2 | cloud metadata",
        "100.100.100.200 | cloud metadata",
        "192.0.0.192 | cloud metadata",
        "[fd00:ec2::254] | cloud metadata",
        "metadata.google.internal | cloud metadata",
        "METADATA.GOOGLE.INTERNAL. | cloud metadata",
        "metadata.azure.com | cloud metadata",
        "metadata.tencentyun.com | cloud metadata",
        "kubernetes.default.svc | cloud metadata",
        "127.0.0.1 | loopback",
        "127.255.255.254 | loopback",
        "[::1] | loopback",
        "0.0.0.0 | unspecified",
        "[::] | unspecified",
        "10.1.2.3 | private",
        "172.16.0.1 | private",
        "172.31.255.255 | private",
        "192.168.1.1 | private",
        "100.64.0.1 | CGNAT",
        "169.254.1.1 | link-local",
        "[fe80::1] | link-local",
        "[fc00::1] | unique local",
        "[fd12:3456::1] | unique local",
        "[fec0::1] | site-local",
        "224.0.0.1 | multicast",
        "[ff02::1] | multicast",
        "255.255.255.255 | broadcast",
        "240.0.0.1 | reserved",
        "198.18.0.1 | benchmarking",
        "192.0.0.8 | IETF",
        "[::ffff:127.0.0.1] | IPv4-mapped IPv6 address embedding loopback",
        "[::ffff:7f00:1] | IPv4-mapped IPv6 address embedding loopback",
        "[::ffff:a9fe:a9fe] | IPv4-mapped IPv6 address embedding cloud metadata",
        "[::127.0.0.1] | IPv4-compatible",
        "[::8.8.8.8] | IPv4-compatible",
        "[64:ff9b::10.0.0.1] | NAT64 address embedding private",
        "[64:ff9b:1::1] | local-use NAT64",
        "[2002:7f00:1::1] | 6to4 address embedding loopback",
        "[2002:c0a8:101::] | 6to4 address embedding private",
        "[2001:0:a9fe:a9fe::1] | Teredo address embedding cloud metadata",
        "[2001:0:4136:e378:8000:63bf:f5ff:fffe] | Teredo address embedding private",
        "[100::1] | discard-only",
        "localhost | loopback name",
        "LocalHost. | loopback name",
        "api.localhost | special-use internal name",
        "printer.local | special-use internal name",
        "db.prod.internal | special-use internal name",
        "router.home.arpa | special-use internal name",
        "redis.cache.svc | special-use internal name",
        "intranet | single-label",
        "db | single-label",
        "10.0.0.1.evil.com | embeds internal address 10.0.0.1",
        "a.127.0.0.1.evil.com | embeds internal address 127.0.0.1",
        "127-0-0-1.evil.com | embeds internal address 127.0.0.1",
        "ip-10-0-0-1.example.com | embeds internal address 10.0.0.1",
        "169-254-169-254.evil.com | embeds internal address 169.254.169.254",
        "app.lvh.me | always resolves to loopback",
        "localtest.me | always resolves to loopback",
        "8.8.8.8.nip.io | wildcard DNS",
        "7f000001.c0a80001.rbndr.us | wildcard DNS",
        "010.0.0.1 | private",
      })
  void internal(String host, String reasonPart) throws Exception {
    assertThat(classify(host)).isNotNull().contains(reasonPart);
  }

  @ParameterizedTest(name = "{0} is public")
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "203.0.113.7",
        "198.51.100.1",
        "93.184.216.34",
        "172.32.0.1",
        "172.15.255.255",
        "100.63.255.255",
        "100.128.0.0",
        "192.169.0.1",
        "169.255.0.1",
        "[2606:4700:4700::1111]",
        "[2001:db8::1]",
        "[::ffff:8.8.8.8]",
        "[64:ff9b::8.8.8.8]",
        "[2002:808:808::1]",
        "example.com",
        "api.github.com",
        "xn--bcher-kva.de",
        "10.example.com",
        "v1.2.3.example.com",
        "build-1-2-3-4.example.com",
        "my-localhost-blog.com",
        "internal.example.com",
        "metadata.example.com",
        "127.example.com",
      })
  void publicTargets(String host) throws Exception {
    assertThat(classify(host)).isNull();
  }

  @Test
  void rebindingHeuristicsCanBeTurnedOff() throws Exception {
    assertThat(InternalAddresses.classify(Host.parse("127-0-0-1.evil.com"), false)).isNull();
    assertThat(InternalAddresses.classify(Host.parse("x.nip.io"), false)).isNull();
    assertThat(InternalAddresses.classify(Host.parse("localhost"), false)).isNotNull();
    assertThat(InternalAddresses.classify(Host.parse("127.0.0.1"), false)).isNotNull();
  }

  @Test
  void classifiesResolvedAddressesForTheConnectionLayer() {
    assertThat(InternalAddresses.classifyAddress(new byte[] {10, 0, 0, 5})).contains("private");
    assertThat(InternalAddresses.classifyAddress(new byte[] {8, 8, 4, 4})).isNull();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 169;
    mapped[13] = (byte) 254;
    mapped[14] = (byte) 169;
    mapped[15] = (byte) 254;
    assertThat(InternalAddresses.classifyAddress(mapped)).contains("cloud metadata");
  }
}
