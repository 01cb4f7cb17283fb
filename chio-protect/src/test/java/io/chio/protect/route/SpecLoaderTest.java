package io.chio.protect.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.crypto.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {
  static String resource(String name) throws IOException {
    try (InputStream in = SpecLoaderTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void seedSpecYieldsRoutesWithTheirExtensionsAndPolicy() throws Exception {
    String text = resource("seed-orders.yaml");
    LoadedSpec spec = SpecLoader.load(text, "seed-orders.yaml");
    assertThat(spec.pathCount()).isEqualTo(3);
    assertThat(spec.operationCount()).isEqualTo(4);
    assertThat(spec.policyHash()).isEqualTo(Sha256.hex(text.getBytes(StandardCharsets.UTF_8)));
    RouteTable table = spec.routeTable("");
    assertThat(table.safeCount()).isEqualTo(1);
    assertThat(table.sideEffectCount()).isEqualTo(3);

    Route list = table.match("GET", List.of("orders"));
    assertThat(list.operationId()).isEqualTo("listOrders");
    assertThat(list.requiresCapability()).isFalse();

    Route get = table.match("GET", List.of("orders", "ord-1"));
    assertThat(get.operationId()).isEqualTo("getOrder");
    assertThat(get.extensions().sensitivity()).isEqualTo(Sensitivity.CONFIDENTIAL);
    assertThat(get.sideEffects()).isTrue();
    assertThat(get.requiresCapability()).isTrue();

    Route delete = table.match("DELETE", List.of("orders", "ord-1"));
    assertThat(delete.extensions().isApprovalRequired()).isTrue();
    assertThat(delete.extensions().budgetLimit()).isEqualTo(10000L);

    Route refund = table.match("POST", List.of("orders", "ord-1", "refund"));
    assertThat(refund.toolName()).isEqualTo("POST /orders/{orderId}/refund");
    assertThat(refund.extensions().budgetLimit()).isEqualTo(50000L);
    assertThat(refund.extensions().isPublished()).isTrue();
  }

  @Test
  void swagger2IsConvertedWithBasePathAndVendorExtensions() throws Exception {
    LoadedSpec spec = SpecLoader.load(resource("petstore-swagger2.json"), "petstore");
    assertThat(spec.basePath()).isEqualTo("/v2");
    assertThat(spec.operationCount()).isEqualTo(4);
    RouteTable table = spec.routeTable("");
    assertThat(table.match("GET", List.of("pets"))).isNull();
    Route create = table.match("POST", List.of("v2", "pets"));
    assertThat(create.pattern()).isEqualTo("/v2/pets");
    assertThat(create.extensions().budgetLimit()).isEqualTo(300L);
    Route update = table.match("PUT", List.of("v2", "pets", "7"));
    assertThat(update.sideEffects()).isFalse();
    assertThat(update.requiresCapability()).isFalse();
    // An upstream URL that already ends in the base path keeps the patterns as written.
    assertThat(spec.routeTable("/v2").match("GET", List.of("pets", "7")).operationId()).isEqualTo("getPet");
  }

  @Test
  void openApi30JsonLoads() throws Exception {
    String json =
        "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/a/{id}.json\":{\"get\":"
            + "{\"x-chio-publish\":false,\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}";
    RouteTable t = SpecLoader.load(json, "inline").routeTable("");
    Route r = t.match("GET", List.of("a", "42.json"));
    assertThat(r.extensions().isPublished()).isFalse();
    assertThat(t.match("GET", List.of("a", ".json"))).isNull();
  }

  private static String op(String extensionLine) {
    return "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      " + extensionLine
        + "\n      responses:\n        '200': {description: ok}\n";
  }

  @Test
  void malformedExtensionsAreRejectedWithTheOperationNamed() {
    for (String bad :
        List.of(
            "x-chio-approval-required: 'true'", "x-chio-approval-required: yes-please", "x-chio-side-effects: 0",
            "x-chio-side-effects: null", "x-chio-publish: 'false'", "x-chio-sensitivity: Restricted",
            "x-chio-sensitivity: secret", "x-chio-budget-limit: -1", "x-chio-budget-limit: 1.5",
            "x-chio-budget-limit: '100'", "x-chio-budget-limit: 99999999999999999999", "x-chio-aproval-required: true")) {
      assertThatThrownBy(() -> SpecLoader.load(op(bad), "spec.yaml"))
          .as(bad)
          .isInstanceOf(SpecException.class)
          .hasMessageContaining("POST /x")
          .hasMessageContaining(bad.substring(0, bad.indexOf(':')));
    }
  }

  @Test
  void chioExtensionOnAPathItemIsRejected() {
    String spec =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    x-chio-side-effects: true\n    get:\n"
            + "      responses:\n        '200': {description: ok}\n";
    assertThatThrownBy(() -> SpecLoader.load(spec, "s")).hasMessageContaining("belongs on an operation");
  }

  @Test
  void notASpecIsRejected() {
    assertThatThrownBy(() -> SpecLoader.load("hello: world\n", "s")).isInstanceOf(SpecException.class);
    assertThatThrownBy(() -> SpecLoader.load("{\"not\": \"a spec\"}", "s")).isInstanceOf(SpecException.class);
    assertThatThrownBy(() -> SpecLoader.load("[1, 2", "s")).isInstanceOf(SpecException.class);
  }

  @Test
  void ambiguousTemplatesAreRejected() {
    String spec =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{x}:\n    get:\n      responses:\n"
            + "        '200': {description: ok}\n  /a/{y}:\n    get:\n      responses:\n        '200': {description: ok}\n";
    assertThatThrownBy(() -> SpecLoader.load(spec, "s")).hasMessageContaining("same path shape");
  }
}
