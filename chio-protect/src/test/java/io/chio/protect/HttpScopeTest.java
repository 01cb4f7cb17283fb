package io.chio.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.ChioFormatException;
import io.chio.core.capability.Operation;
import io.chio.core.capability.ToolGrant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpScopeTest {
  private static List<String> seg(String path) {
    return Arrays.asList(path.substring(1).split("/", -1));
  }

  private static boolean m(String toolName, String method, String path) {
    return HttpScope.parse(toolName).matches(method, seg(path));
  }

  @Test
  void literalsParametersAndWildcards() {
    assertThat(m("POST /orders/{orderId}/refund", "POST", "/orders/ord-42/refund")).isTrue();
    assertThat(m("POST /orders/{orderId}/refund", "GET", "/orders/ord-42/refund")).isFalse();
    assertThat(m("POST /orders/{orderId}/refund", "POST", "/orders/ord-42/refund/x")).isFalse();
    assertThat(m("POST /orders/{orderId}/refund", "POST", "/orders//refund")).isFalse();
    assertThat(m("POST /orders/*/refund", "POST", "/orders/a/refund")).isTrue();
    assertThat(m("POST /orders/ord-42/refund", "POST", "/orders/ord-43/refund")).isFalse();
    assertThat(m("POST /Orders/*/refund", "POST", "/orders/a/refund")).isFalse();
    assertThat(m("* /orders", "DELETE", "/orders")).isTrue();
    assertThat(m("*", "PATCH", "/anything/at/all")).isTrue();
  }

  @Test
  void doubleStarCoversEverythingBelowThePrefixOnly() {
    assertThat(m("GET /tenants/acme-42/**", "GET", "/tenants/acme-42/orders")).isTrue();
    assertThat(m("GET /tenants/acme-42/**", "GET", "/tenants/acme-42/orders/1/items")).isTrue();
    assertThat(m("GET /tenants/acme-42/**", "GET", "/tenants/acme-42")).isFalse();
    assertThat(m("GET /tenants/acme-42/**", "GET", "/tenants/acme-421/orders")).isFalse();
    assertThat(m("GET /tenants/acme-42/**", "GET", "/tenants/other-99/orders")).isFalse();
    assertThat(m("GET /tenants/acme-42/**", "POST", "/tenants/acme-42/orders")).isFalse();
  }

  @Test
  void malformedPatternsAreRejected() {
    for (String bad : List.of("POST", "post /x", "POST x", "POST /a/**/b", "POST /a//b", "POST /a/../b", "GET  /x", "BREW /x")) {
      assertThatThrownBy(() -> HttpScope.parse(bad)).as(bad).isInstanceOf(ChioFormatException.class);
    }
  }

  @Test
  void serverIdMustMatchAndNonHttpToolNamesAuthorizeNothing() {
    ToolGrant g = ToolGrant.of("orders-api", "GET /orders", List.of(Operation.INVOKE));
    assertThat(HttpScope.covers(g, "orders-api", "GET", seg("/orders"))).isTrue();
    assertThat(HttpScope.covers(g, "billing-api", "GET", seg("/orders"))).isFalse();
    assertThat(HttpScope.covers(ToolGrant.of("*", "GET /orders", List.of(Operation.INVOKE)), "billing-api", "GET", seg("/orders"))).isTrue();
    assertThat(HttpScope.covers(ToolGrant.of("orders-api", "file_read", List.of(Operation.INVOKE)), "orders-api", "GET", seg("/orders"))).isFalse();
  }
}
