package io.chio.lambda.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.receipt.ChioReceipt;
import io.chio.lambda.Evaluator;
import io.chio.lambda.fakes.MemorySink;
import io.chio.lambda.policy.LambdaPolicyLoader;
import io.chio.lambda.sink.SyncSinkLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChioAuthorizerTest {
  static final Ed25519SigningKey KERNEL = Ed25519SigningKey.fromSeedHex("01".repeat(32));
  static final Ed25519SigningKey ISSUER = Ed25519SigningKey.fromSeedHex("02".repeat(32));
  static final Ed25519SigningKey STRANGER = Ed25519SigningKey.fromSeedHex("03".repeat(32));
  static final Ed25519SigningKey AGENT = Ed25519SigningKey.fromSeedHex("04".repeat(32));
  static final long NOW = 1_765_000_000L;
  static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/api/search";
  static final String POLICY = """
      policy:
        default: deny
        rules:
          - tool: "/api/search"
            scopes: ["GET"]
      """;

  MemorySink sink;
  ChioAuthorizer authorizer;

  @BeforeEach
  void setUp() throws Exception {
    sink = new MemorySink();
    Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    Evaluator ev = Evaluator.create(LambdaPolicyLoader.parse(POLICY.getBytes(StandardCharsets.UTF_8), "authorizer.yaml"), KERNEL,
        Set.of(ISSUER.publicKey()), Set.of(), "orders-api", new SyncSinkLog(sink), clock);
    authorizer = new ChioAuthorizer(ev);
  }

  static String token(Ed25519SigningKey issuer, String tool) {
    CapabilityToken t = CapabilityToken.issue(issuer, "cap-search", AGENT.publicKey(),
        Scope.ofTools(List.of(ToolGrant.of("orders-api", tool, List.of(Operation.INVOKE)))), NOW - 60, NOW + 3600);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(t.canonicalBytes());
  }

  static APIGatewayCustomAuthorizerEvent tokenEvent(String arn, String token) {
    APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
    e.setType("TOKEN");
    e.setMethodArn(arn);
    e.setAuthorizationToken(token);
    return e;
  }

  /** The IAM document exactly as it goes on the wire (aws-lambda-java-events always writes a null Condition). */
  static JsonNode document(String effect, String arn) {
    return Json.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"" + effect
        + "\",\"Resource\":[\"" + arn + "\"],\"Condition\":null}]}");
  }

  static JsonNode wire(Map<String, Object> policyDocument) {
    return Json.mapper().valueToTree(policyDocument);
  }

  ChioReceipt stored(String id) {
    return sink.stored().stream().filter(r -> r.receiptId().equals(id)).map(r -> ChioReceipt.parse(r.canonicalJson())).findFirst()
        .orElseThrow();
  }

  @Test
  void allowedTokenGetsAllowOnTheMethodArnWithTheReceiptId() {
    IamPolicyResponseV1 r = authorizer.evaluate(tokenEvent(ARN, "Bearer " + token(ISSUER, "/api/search")));
    assertThat(r.getPrincipalId()).isEqualTo(AGENT.publicKey().toHex());
    assertThat(wire(r.getPolicyDocument())).isEqualTo(document("Allow", ARN));
    String receiptId = (String) r.getContext().get("receipt_id");
    assertThat(r.getContext()).containsOnlyKeys("receipt_id", "decision").containsEntry("decision", "allow");
    ChioReceipt receipt = stored(receiptId);
    assertThat(receipt.decision().orElseThrow().verdict()).isEqualTo("allow");
    assertThat(receipt.toolName()).isEqualTo("/api/search");
    assertThat(receipt.capabilityId()).isEqualTo("cap-search");
  }

  @Test
  void tokenFromAnUntrustedIssuerGetsDeny() {
    IamPolicyResponseV1 r = authorizer.evaluate(tokenEvent(ARN, token(STRANGER, "/api/search")));
    assertThat(wire(r.getPolicyDocument())).isEqualTo(document("Deny", ARN));
    assertThat(r.getContext()).containsEntry("decision", "deny").containsKeys("receipt_id", "reason", "guard");
    assertThat((String) r.getContext().get("reason")).contains("issuer");
    assertThat(stored((String) r.getContext().get("receipt_id")).decision().orElseThrow().verdict()).isEqualTo("deny");
  }

  @Test
  void tokenForAnotherToolAndWrongMethodAndMissingTokenGetDeny() {
    String post = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/POST/api/search";
    assertThat(wire(authorizer.evaluate(tokenEvent(post, token(ISSUER, "/api/search"))).getPolicyDocument())).isEqualTo(document("Deny", post));
    assertThat(wire(authorizer.evaluate(tokenEvent(ARN, token(ISSUER, "/api/other"))).getPolicyDocument())).isEqualTo(document("Deny", ARN));
    IamPolicyResponseV1 none = authorizer.evaluate(tokenEvent(ARN, ""));
    assertThat(wire(none.getPolicyDocument())).isEqualTo(document("Deny", ARN));
    assertThat(none.getPrincipalId()).isEqualTo("anonymous");
    assertThat((String) none.getContext().get("reason")).contains("no capability token");
    IamPolicyResponseV1 garbage = authorizer.evaluate(tokenEvent(ARN, "Bearer not-a-token"));
    assertThat(wire(garbage.getPolicyDocument())).isEqualTo(document("Deny", ARN));
  }

  @Test
  void unreadableArnIsDeniedOnWhatWasAsked() {
    IamPolicyResponseV1 r = authorizer.evaluate(tokenEvent("not-an-arn", token(ISSUER, "/api/search")));
    assertThat(wire(r.getPolicyDocument())).isEqualTo(document("Deny", "not-an-arn"));
  }

  @Test
  void requestAuthorizerReadsTheCapabilityHeader() {
    APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
    e.setType("REQUEST");
    e.setMethodArn(ARN);
    e.setHeaders(Map.of("x-chio-capability", token(ISSUER, "/api/search"), "Authorization", "Bearer upstream-token"));
    assertThat(wire(authorizer.evaluate(e).getPolicyDocument())).isEqualTo(document("Allow", ARN));
  }

  @Test
  void httpApiAuthorizerAnswersWithAnIamPolicyOnTheRouteArn() {
    String route = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/api/search";
    APIGatewayV2CustomAuthorizerEvent e = new APIGatewayV2CustomAuthorizerEvent();
    e.setRouteArn(route);
    e.setHeaders(Map.of("authorization", "Bearer " + token(ISSUER, "/api/search")));
    IamPolicyResponse r = authorizer.evaluate(e);
    assertThat(wire(r.getPolicyDocument())).isEqualTo(document("Allow", route));
    assertThat(r.getContext()).containsEntry("decision", "allow").containsKey("receipt_id");
    e.setHeaders(Map.of("authorization", "Bearer " + token(STRANGER, "/api/search")));
    assertThat(wire(authorizer.evaluate(e).getPolicyDocument())).isEqualTo(document("Deny", route));
  }
}
