package io.chio.protect.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTargetTest {
  @Test
  void decodesOnceAndForwardsTheCanonicalForm() throws Exception {
    RequestTarget t = RequestTarget.parse("/orders/%6Frd-1/a%20b", "x=1&y=%41");
    assertThat(t.segments()).containsExactly("orders", "ord-1", "a b");
    assertThat(t.path()).isEqualTo("/orders/ord-1/a b");
    assertThat(t.canonicalPath()).isEqualTo("/orders/ord-1/a%20b");
    assertThat(t.forwardQuery()).isEqualTo("x=1&y=%41");
    assertThat(t.query()).isEqualTo(Map.of("x", "1", "y", "A"));
    // "%2525" decodes once to "%25", which is forwarded re-encoded, never decoded twice.
    RequestTarget twice = RequestTarget.parse("/a/%2525", null);
    assertThat(twice.segments()).containsExactly("a", "%25");
    assertThat(twice.canonicalPath()).isEqualTo("/a/%2525");
  }

  @Test
  void rootAndTrailingSlash() throws Exception {
    assertThat(RequestTarget.parse("/", null).segments()).containsExactly("");
    assertThat(RequestTarget.parse("/pets/", null).segments()).containsExactly("pets", "");
    assertThat(RequestTarget.parse("/pets/", null).canonicalPath()).isEqualTo("/pets/");
  }

  @Test
  void ambiguousPathsAreRefused() {
    for (String p :
        List.of(
            "/orders/%2e%2e/admin", "/orders/../admin", "/orders/./x", "/orders/.%2E/admin", "/orders/%2E/x", "/a//b",
            "//a", "/a/%2Fb", "/a/%2fb", "/a/%5Cb", "/orders;x=1/1", "/a/%3B", "/a/%00", "/a/%0d%0a", "/a/%zz",
            "/a/%4", "/a/%", "/a/%C3%28", "/a/\u00e9", "/a b", "orders")) {
      assertThatThrownBy(() -> RequestTarget.parse(p, null)).as(p).isInstanceOf(MalformedRequestException.class);
    }
  }

  @Test
  void capabilityParametersAreStrippedAndEverythingElseKeptByteForByte() throws Exception {
    RequestTarget t = RequestTarget.parse("/x", "a=1&chio_capability=eyJ9&b=%2B+c&a=2&&flag");
    assertThat(t.capabilityParams()).containsExactly("eyJ9");
    assertThat(t.forwardQuery()).isEqualTo("a=1&b=%2B+c&a=2&flag");
    assertThat(t.query()).isEqualTo(Map.of("a", "1,2", "b", "+ c", "flag", ""));
    RequestTarget only = RequestTarget.parse("/x", "chio_capability=%7B%7D");
    assertThat(only.forwardQuery()).isNull();
    assertThat(only.capabilityParams()).containsExactly("{}");
    // An encoded parameter name is still the capability parameter.
    assertThat(RequestTarget.parse("/x", "chio%5Fcapability=z").capabilityParams()).containsExactly("z");
    assertThatThrownBy(() -> RequestTarget.parse("/x", "a=%zz")).isInstanceOf(MalformedRequestException.class);
  }
}
