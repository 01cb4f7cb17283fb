package io.chio.protect;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.MonetaryAmount;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.HttpReceipt;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.protect.route.LoadedSpec;
import io.chio.protect.route.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A real proxy on 127.0.0.1 in front of a {@link TestUpstream}, with helpers to mint and call. */
final class ProxyFixture implements AutoCloseable {
  static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeed(new byte[32]);
  static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeed(filled(7));
  static final Ed25519SigningKey STRANGER = Ed25519SigningKey.fromSeed(filled(9));
  static final String CONTROL_TOKEN = "control-secret-for-tests";

  final TestUpstream upstream;
  final InMemoryReceiptLog log = new InMemoryReceiptLog(100_000);
  final ProcessBudgetStore budgets = new ProcessBudgetStore();
  final ProtectServer proxy;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ProxyFixture() throws Exception {
    this(b -> {});
  }

  ProxyFixture(Consumer<ProtectConfig.Builder> tweak) throws Exception {
    this(new TestUpstream(), tweak);
  }

  ProxyFixture(TestUpstream upstream, Consumer<ProtectConfig.Builder> tweak) throws Exception {
    this.upstream = upstream;
    this.proxy = start(upstream.uri(), tweak);
  }

  ProtectServer start(URI upstreamUri, Consumer<ProtectConfig.Builder> tweak) throws Exception {
    ProtectConfig.Builder b =
        ProtectConfig.builder()
            .upstream(upstreamUri)
            .listen("127.0.0.1:0")
            .spec(spec())
            .kernelKey(KERNEL)
            .receiptLog(log, null)
            .budgetStore(budgets)
            .controlToken(CONTROL_TOKEN.getBytes(StandardCharsets.UTF_8));
    tweak.accept(b);
    return ProtectServer.start(b.build());
  }

  static LoadedSpec spec() throws Exception {
    try (InputStream in = ProxyFixture.class.getResourceAsStream("/orders-test.yaml")) {
      return SpecLoader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), "orders-test.yaml");
    }
  }

  static byte[] filled(int b) {
    byte[] s = new byte[32];
    java.util.Arrays.fill(s, (byte) b);
    return s;
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  static ToolGrant grant(String toolName) {
    return ToolGrant.of("orders-api", toolName, List.of(Operation.INVOKE));
  }

  static String mint(Ed25519SigningKey issuer, String id, ToolGrant... grants) {
    CapabilityToken t = CapabilityToken.issue(issuer, id, AGENT.publicKey(), Scope.ofTools(List.of(grants)), now() - 60, now() + 3600);
    return Json.mapper().valueToTree(t.toJson()).toString();
  }

  static String mint(String id, ToolGrant... grants) {
    return mint(KERNEL, id, grants);
  }

  static ToolGrant tenantRefundGrant() {
    return grant("POST /tenants/acme-42/orders/{orderId}/refund").withMaxInvocations(100L)
        .withMaxTotalCost(new MonetaryAmount(25000, "USD"));
  }

  URI uri(String pathAndQuery) {
    return URI.create(proxy.uri() + pathAndQuery);
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  /** Every logged receipt, parsed, in log order. */
  List<HttpReceipt> receipts() {
    List<HttpReceipt> out = new ArrayList<>();
    for (ReceiptRecord r : log.records()) {
      out.add(HttpReceipt.fromCanonicalBytes(r.canonicalJson()));
    }
    return out;
  }

  HttpReceipt receipt(String id) {
    return receipts().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no receipt " + id));
  }

  static JsonNode json(HttpResponse<String> r) {
    return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.close();
    } finally {
      upstream.close();
    }
  }
}
