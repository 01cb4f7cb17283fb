package io.chio.kernel.guards.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPatternsTest {
  private static Host h(String s) throws Exception {
    return Host.parse(s);
  }

  @Test
  void starDotDoesNotMatchTheApexButMatchesEveryDepth() throws Exception {
    HostPatterns p = HostPatterns.compile(List.of("*.example.com"));
    assertThat(p.matches(h("api.example.com"))).isTrue();
    assertThat(p.matches(h("a.b.c.example.com"))).isTrue();
    assertThat(p.matches(h("example.com"))).isFalse();
    assertThat(p.matches(h("evilexample.com"))).isFalse();
    assertThat(p.matches(h("example.com.evil.com"))).isFalse();
    assertThat(p.matches(h("API.EXAMPLE.COM."))).isTrue();
  }

  @Test
  void exactPatternsAreNormalisedLikeHosts() throws Exception {
    HostPatterns p = HostPatterns.compile(List.of("API.GitHub.com.", "127.0.0.1", "::1", "bücher.de"));
    assertThat(p.match(h("api.github.com"))).isEqualTo("API.GitHub.com.");
    assertThat(p.matches(h("2130706433"))).isTrue();
    assertThat(p.matches(h("0x7f.0.0.1"))).isTrue();
    assertThat(p.matches(h("[0:0::1]"))).isTrue();
    assertThat(p.matches(h("xn--bcher-kva.de"))).isTrue();
    assertThat(p.matches(h("github.com"))).isFalse();
  }

  @Test
  void globsAndCidrs() throws Exception {
    HostPatterns p = HostPatterns.compile(List.of("api-*.example.com", "cdn?.example.org", "10.0.0.0/8", "fd00::/8"));
    assertThat(p.matches(h("api-eu.example.com"))).isTrue();
    assertThat(p.matches(h("api-.example.com"))).isTrue();
    assertThat(p.matches(h("cdn1.example.org"))).isTrue();
    assertThat(p.matches(h("cdn12.example.org"))).isFalse();
    assertThat(p.matches(h("10.200.3.4"))).isTrue();
    assertThat(p.matches(h("012.0.0.1"))).isTrue();
    assertThat(p.matches(h("11.0.0.1"))).isFalse();
    assertThat(p.matches(h("[fd00:ec2::254]"))).isTrue();
    assertThat(p.matches(h("10.example.com"))).isFalse();
  }

  @Test
  void starAloneMatchesEverything() throws Exception {
    HostPatterns p = HostPatterns.compile(List.of("*"));
    assertThat(p.matches(h("anything.example"))).isTrue();
    assertThat(p.matches(h("[::1]"))).isTrue();
  }

  @Test
  void invalidPatternsAreRejectedWithTheirText() {
    assertThatThrownBy(() -> HostPatterns.compile(List.of("exa mple.com"))).hasMessageContaining("exa mple.com");
    assertThatThrownBy(() -> HostPatterns.compile(List.of("*.exa$mple.com"))).hasMessageContaining("invalid character");
    assertThatThrownBy(() -> HostPatterns.compile(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> HostPatterns.compile(List.of("*..com"))).hasMessageContaining("empty label");
    assertThatThrownBy(() -> HostPatterns.compile(List.of(""))).hasMessageContaining("empty");
  }

  @Test
  void ipRangeMasksHostBits() {
    assertThat(IpRange.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
    assertThat(IpRange.parse("fd00:ec2::254").toString()).isEqualTo("fd00:ec2::254/128");
    assertThat(IpRange.parse("0.0.0.0/0").contains(new byte[] {1, 2, 3, 4})).isTrue();
    assertThat(IpRange.parse("0.0.0.0/0").contains(new byte[16])).isFalse();
    assertThat(IpRange.parse("172.16.0.0/12").contains(new byte[] {(byte) 172, 31, 0, 1})).isTrue();
    assertThat(IpRange.parse("172.16.0.0/12").contains(new byte[] {(byte) 172, 32, 0, 1})).isFalse();
    assertThatThrownBy(() -> IpRange.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
  }
}
