package io.chio.kernel.guards.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NetTargetTest {

  @ParameterizedTest(name = "{0} -> {1} {2} {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://example.com/path?q=1#f | https | example.com | 443",
        "HTTPS://EXAMPLE.COM./ | https | example.com | 443",
        "http://Example.com:8080 | http | example.com | 8080",
        "http://example.com:/x | http | example.com | 80",
        "https://allowed.com@evil.com/ | https | evil.com | 443",
        "https://user:pa%40ss@evil.com:8443/p | https | evil.com | 8443",
        "wss://socket.example.com/ws | wss | socket.example.com | 443",
        "ws://[::1]:9000/ | ws | ::1 | 9000",
        "https://[::ffff:127.0.0.1]/ | https | ::ffff:7f00:1 | 443",
        "https://[0:0:0:0:0:ffff:7f00:0001]/ | https | ::ffff:7f00:1 | 443",
        "http://2130706433/ | http | 127.0.0.1 | 80",
        "http://0x7f000001/ | http | 127.0.0.1 | 80",
        "http://0x7F.1/ | http | 127.0.0.1 | 80",
        "http://0177.0.0.1/ | http | 127.0.0.1 | 80",
        "http://127.1/ | http | 127.0.0.1 | 80",
        "http://0/ | http | 0.0.0.0 | 80",
        "http://%31%32%37.0.0.1/ | http | 127.0.0.1 | 80",
        "http://１２７．０．０．１/ | http | 127.0.0.1 | 80",
        "http://ｅｘａｍｐｌｅ。ｃｏｍ/ | http | example.com | 80",
        "https://bücher.de/ | https | xn--bcher-kva.de | 443",
        "https://b%C3%BCcher.de/ | https | xn--bcher-kva.de | 443",
        "example.com/api | '' | example.com | -1",
        "localhost:8080 | '' | localhost | 8080",
        "api.example.com:443/v1 | '' | api.example.com | 443",
        "//cdn.example.com/lib.js | '' | cdn.example.com | -1",
        "gopher://internal:70/_x | gopher | internal | 70",
      })
  void parsesToCanonicalTarget(String url, String scheme, String host, int port) throws Exception {
    NetTarget t = NetTarget.parse(url);
    assertThat(t.scheme()).isEqualTo(scheme);
    assertThat(t.host().name()).isEqualTo(host);
    assertThat(t.port()).isEqualTo(port);
  }

  @ParameterizedTest(name = "rejects {0}")
  @ValueSource(
      strings = {
        "https://allowed.com\\@evil.com/",
        "https:\\\\evil.com/",
        "http:/evil.com",
        "http:evil.com",
        "https:///evil.com",
        "https://a@b@evil.com/",
        "http://evil.com:80:80/",
        "http://::1/",
        "http://[::1/",
        "http://[fe80::1%25eth0]/",
        "http://exa mple.com/",
        "http://example..com/",
        "http://.example.com/",
        "http://example.com../",
        "http://ex%ample.com/",
        "http://%ff.com/",
        "http://evil.com%2f.good.com/",
        "http://1.2.3.4.5/",
        "http://256.0.0.1/",
        "http://0x100000000/",
        "http://example.09/",
        "http://host:99999/",
        "http://host:8o/",
        "http://",
        "",
        "   ",
        "/relative/path",
        "?q=1",
        "javascript:alert(1)",
        "data:text/html,hi",
        "mailto:a@b.c",
        "http://evil.com\t.good.com/",
        "http://a\nb.com/",
      })
  void rejectsAmbiguousOrMalformed(String url) {
    assertThatThrownBy(() -> NetTarget.parse(url)).isInstanceOf(InvalidTargetException.class);
  }

  @Test
  void schemeOfSeesThroughCaseWhitespaceAndEmbeddedNewlines() {
    assertThat(NetTarget.schemeOf("JavaScript:alert(1)")).isEqualTo("javascript");
    assertThat(NetTarget.schemeOf("  java\nscript:alert(1)")).isEqualTo("javascript");
    assertThat(NetTarget.schemeOf("FILE:///etc/passwd")).isEqualTo("file");
    assertThat(NetTarget.schemeOf("localhost:8080/x")).isEmpty();
    assertThat(NetTarget.schemeOf("example.com")).isEmpty();
    assertThat(NetTarget.schemeOf("//host/x")).isEmpty();
    assertThat(NetTarget.schemeOf(null)).isEmpty();
  }

  @Test
  void toStringNeverContainsUserinfoOrPath() throws Exception {
    NetTarget t = NetTarget.parse("https://admin:hunter2@api.example.com:8443/secret?token=abc");
    assertThat(t.hasUserinfo()).isTrue();
    assertThat(t.toString()).isEqualTo("https://api.example.com:8443").doesNotContain("hunter2").doesNotContain("token");
    assertThat(NetTarget.parse("http://[::1]/").toString()).isEqualTo("http://[::1]:80");
  }

  @Test
  void zeroPaddedIpv4KeepsBothReadings() throws Exception {
    Host h = Host.parse("010.0.0.1");
    assertThat(h.name()).isEqualTo("8.0.0.1");
    assertThat(Host.ofAddress(h.alternateAddress()).name()).isEqualTo("10.0.0.1");
    assertThat(Host.parse("10.0.0.1").alternateAddress()).isNull();
    assertThat(Host.parse("0.0.0.0").alternateAddress()).isNull();
  }

  @Test
  void ipv6TextIsCanonical() throws Exception {
    assertThat(Host.parse("[2001:DB8:0:0:1:0:0:1]").name()).isEqualTo("2001:db8::1:0:0:1");
    assertThat(Host.parse("::").name()).isEqualTo("::");
    assertThat(Host.parse("1::").name()).isEqualTo("1::");
    assertThat(Host.parse("fd00:ec2::254").name()).isEqualTo("fd00:ec2::254");
    assertThat(Host.parse("::127.0.0.1").name()).isEqualTo("::7f00:1");
    assertThat(Host.parse("64:ff9b::10.0.0.1").name()).isEqualTo("64:ff9b::a00:1");
    assertThatThrownBy(() -> Host.parse("1:2:3:4:5:6:7:8:9")).isInstanceOf(InvalidTargetException.class);
    assertThatThrownBy(() -> Host.parse("1::2::3")).isInstanceOf(InvalidTargetException.class);
    assertThatThrownBy(() -> Host.parse("::ffff:127.0.0.01")).isInstanceOf(InvalidTargetException.class);
    assertThatThrownBy(() -> Host.parse("12345::1")).isInstanceOf(InvalidTargetException.class);
    assertThatThrownBy(() -> Host.parse("::１")).isInstanceOf(InvalidTargetException.class);
  }

  @Test
  void longHostsAndLabelsAreRejected() {
    String label = "a".repeat(64);
    assertThatThrownBy(() -> Host.parse(label + ".com")).isInstanceOf(InvalidTargetException.class);
    String name = ("a".repeat(60) + ".").repeat(5) + "com";
    assertThatThrownBy(() -> Host.parse(name)).isInstanceOf(InvalidTargetException.class);
    assertThatThrownBy(() -> NetTarget.parse("http://x.com/" + "a".repeat(NetTarget.MAX_URL_LENGTH)))
        .isInstanceOf(InvalidTargetException.class);
  }
}
