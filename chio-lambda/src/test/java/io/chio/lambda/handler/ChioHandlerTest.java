package io.chio.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.lambda.client.ChioLambda;
import io.chio.lambda.extension.ChioExtension;
import io.chio.lambda.extension.ExtensionConfig;
import io.chio.lambda.fakes.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Transparent mode with the seed's policy verbatim: the wrapped handler never sees a denied event. */
@Timeout(30)
class ChioHandlerTest {
  @TempDir Path dir;
  ChioExtension ext;
  Thread loop;
  Path receipts;
  ChioLambda chio;
  final AtomicInteger ran = new AtomicInteger();
  final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> work = (e, c) -> {
    ran.incrementAndGet();
    return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{\"hits\":3}");
  };

  @BeforeEach
  void start() throws Exception {
    receipts = dir.resolve("receipts.jsonl");
    Map<String, String> env = Map.of("CHIO_POLICY_SOURCE", TestPolicies.write(dir, TestPolicies.SEED_TRANSPARENT).toString(),
        "CHIO_EXTENSION_ADDR", "127.0.0.1:0", "CHIO_RECEIPT_SINK", "file:" + receipts);
    ext = ChioExtension.start(ExtensionConfig.from(env, null, null, "sync"), line -> {}, Clock.systemUTC());
    loop = new Thread(ext::run);
    loop.start();
    chio = ChioLambda.connect("127.0.0.1:" + ext.address().getPort(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    ext.requestStop();
    loop.join(5000);
  }

  static APIGatewayProxyRequestEvent event(String resource, String method, Map<String, Object> authorizer, String body) {
    return new APIGatewayProxyRequestEvent().withResource(resource).withPath(resource).withHttpMethod(method).withBody(body)
        .withRequestContext(ctx(authorizer));
  }

  static APIGatewayProxyRequestEvent.ProxyRequestContext ctx(Map<String, Object> authorizer) {
    APIGatewayProxyRequestEvent.ProxyRequestContext c = new APIGatewayProxyRequestEvent.ProxyRequestContext();
    c.setAuthorizer(authorizer);
    return c;
  }

  @Test
  void anEventWithTheRulesScopeRunsTheHandlerAndClosesItsReceipt() throws Exception {
    var governed = ChioHandler.wrap(work, ChioHandler.forbidden403(), chio);
    APIGatewayProxyResponseEvent r = governed.handleRequest(
        event("/api/search", "GET", Map.of("principalId", "user-7", "scope", "tools:search:invoke"), "{\"q\":\"lambda\"}"), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(ran.get()).isEqualTo(1);
    List<String> lines = Files.readAllLines(receipts);
    assertThat(lines).hasSize(2);
    ChioReceipt decision = ChioReceipt.parse(lines.get(0).getBytes());
    ChioReceipt done = ChioReceipt.parse(lines.get(1).getBytes());
    assertThat(decision.toolName()).isEqualTo("/api/search");
    assertThat(decision.parameters().path("q").asText()).isEqualTo("lambda");
    assertThat(done.metadata().orElseThrow().path("decision_receipt_id").asText()).isEqualTo(decision.id());
  }

  @Test
  void deniedEventsNeverReachTheHandler() throws Exception {
    var governed = ChioHandler.wrap(work, ChioHandler.forbidden403(), chio);
    // No scope claim, an unknown resource, PII in the body, and approval required: all answered by the wrapper.
    for (APIGatewayProxyRequestEvent e : List.of(
        event("/api/search", "GET", Map.of("principalId", "user-7"), null),
        event("/api/admin", "GET", Map.of("principalId", "user-7", "scope", "tools:search:invoke"), null),
        event("/api/search", "GET", Map.of("principalId", "user-7", "scope", "tools:search:invoke"), "{\"note\":\"card 4111 1111 1111 1111\"}"),
        event("/api/write", "POST", Map.of("principalId", "user-7", "scope", "tools:write:invoke"), "{}"))) {
      APIGatewayProxyResponseEvent r = governed.handleRequest(e, null);
      assertThat(r.getStatusCode()).isEqualTo(403);
      JsonNode body = Json.parse(r.getBody());
      assertThat(body.path("error").asText()).isEqualTo("capability_denied");
      assertThat(body.path("receipt_id").asText()).isNotBlank();
    }
    assertThat(ran.get()).isZero();
  }

  @Test
  void anUnreachableExtensionDeniesAndAFailingHandlerGetsAnIncompleteReceipt() throws Exception {
    var offline = ChioHandler.wrap(work, ChioHandler.forbidden403(), ChioLambda.connect("127.0.0.1:1", Duration.ofMillis(500)));
    APIGatewayProxyResponseEvent r = offline.handleRequest(event("/api/search", "GET", Map.of("principalId", "u"), null), null);
    assertThat(r.getStatusCode()).isEqualTo(403);
    assertThat(r.getBody()).contains("unreachable");
    assertThat(ran.get()).isZero();

    RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> boom = (e, c) -> {
      throw new IllegalStateException("db down");
    };
    var failing = ChioHandler.wrap(boom, ChioHandler.forbidden403(), chio);
    assertThatThrownBy(() -> failing.handleRequest(
        event("/api/search", "GET", Map.of("principalId", "u", "scope", "tools:search:invoke"), null), null))
        .hasMessage("db down");
    List<String> lines = Files.readAllLines(receipts);
    ChioReceipt last = ChioReceipt.parse(lines.get(lines.size() - 1).getBytes());
    assertThat(last.decision().orElseThrow().verdict()).isEqualTo("incomplete");
  }
}
