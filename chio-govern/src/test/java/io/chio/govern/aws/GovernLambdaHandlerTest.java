package io.chio.govern.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.govern.GovernPolicy;
import io.chio.govern.GovernRuntime;
import io.chio.govern.TestEngines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GovernLambdaHandlerTest {
  static final String SEED_SAMPLE = "{\"action\": \"evaluate\", \"payload\": {\"message\": \"My SSN is 123-45-6789\"}}";

  @BeforeEach
  void install() {
    GovernRuntime.install(TestEngines.engine(GovernPolicy.defaults()));
  }

  private static JsonNode invoke(String event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new GovernLambdaHandler().handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, new FakeContext());
    return Json.parse(out.toByteArray());
  }

  @Test
  void seedSampleDirectInvocationIsModifiedWithASignedReceipt() throws Exception {
    JsonNode r = invoke(SEED_SAMPLE);
    System.out.println("direct invocation response: " + r);
    assertThat(r.get("decision").asText()).isEqualTo("modify");
    assertThat(r.at("/modified_payload/message").asText()).isEqualTo("My SSN is [SSN_REDACTED]");
    assertThat(r.at("/pii_found/0/type").asText()).isEqualTo("ssn");
    assertThat(r.at("/pii_found/0/redacted").asBoolean()).isTrue();
    assertThat(r.get("request_id").asText()).isEqualTo("req-123");
    String id = r.get("receipt_id").asText();
    ChioReceipt receipt = ChioReceipt.fromJson(r.get("receipt"));
    assertThat(receipt.id()).isEqualTo(id);
    assertThat(ReceiptVerifier.trusting(TestEngines.KEY.publicKey()).verify(receipt).ok()).isTrue();
    assertThat(receipt.toJson().toString()).doesNotContain("123-45-6789").doesNotContain("6789");
  }

  @Test
  void blockingPolicyBlocksTheSeedSample() throws Exception {
    GovernRuntime.install(TestEngines.engine(GovernPolicy.parse("govern: \"0.1\"\nactions: {ssn: block}\n".getBytes(StandardCharsets.UTF_8))));
    JsonNode r = invoke(SEED_SAMPLE);
    assertThat(r.get("decision").asText()).isEqualTo("block");
    assertThat(r.get("modified_payload").isNull()).isTrue();
    assertThat(r.at("/receipt/decision/verdict").asText()).isEqualTo("deny");
  }

  @Test
  void apiGatewayProxyEventGetsStatusHeadersAndBody() throws Exception {
    String event = Json.mapper().writeValueAsString(Json.object().put("httpMethod", "POST").put("path", "/governance/evaluate")
        .put("body", SEED_SAMPLE));
    JsonNode r = invoke(event);
    assertThat(r.get("statusCode").asInt()).isEqualTo(200);
    assertThat(r.at("/headers/Content-Type").asText()).isEqualTo("application/json");
    assertThat(r.at("/headers/X-Request-Id").asText()).isEqualTo("req-123");
    JsonNode body = Json.parse(r.get("body").asText());
    assertThat(body.get("decision").asText()).isEqualTo("modify");
    assertThat(body.get("receipt_id").asText()).hasSize(64);
  }

  @Test
  void apiGatewayErrorsMatchTheGuide() throws Exception {
    JsonNode bad = invoke(Json.mapper().writeValueAsString(Json.object().put("httpMethod", "POST").put("body", "{not json")));
    assertThat(bad.get("statusCode").asInt()).isEqualTo(400);
    JsonNode body = Json.parse(bad.get("body").asText());
    assertThat(body.get("error").asText()).isEqualTo("Invalid JSON body");
    assertThat(body.get("decision").asText()).isEqualTo("block");
    assertThat(body.get("receipt_id").asText()).isNotBlank();

    JsonNode unknown = invoke(Json.mapper().writeValueAsString(Json.object().put("httpMethod", "POST").put("body", "{\"action\":\"explode\"}")));
    assertThat(unknown.get("statusCode").asInt()).isEqualTo(400);
    assertThat(Json.parse(unknown.get("body").asText()).get("error").asText()).isEqualTo("Unknown action: explode");
  }

  @Test
  void healthReportsTheFunction() throws Exception {
    JsonNode r = invoke("{\"action\":\"health\"}");
    assertThat(r.get("status").asText()).isEqualTo("healthy");
    assertThat(r.get("function").asText()).isEqualTo("chio-govern");
    assertThat(r.get("memory_mb").asInt()).isEqualTo(512);
    assertThat(r.get("remaining_time_ms").asInt()).isEqualTo(29_000);
  }

  @Test
  void typedApiGatewayHandler() {
    APIGatewayProxyResponseEvent r = new GovernApiGatewayHandler().handleRequest(
        new APIGatewayProxyRequestEvent().withHttpMethod("POST").withBody(SEED_SAMPLE), new FakeContext());
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(Json.parse(r.getBody()).get("decision").asText()).isEqualTo("modify");
    APIGatewayProxyResponseEvent bin = new GovernApiGatewayHandler().handleRequest(
        new APIGatewayProxyRequestEvent().withBody("/w==").withIsBase64Encoded(true), new FakeContext());
    assertThat(bin.getStatusCode()).isEqualTo(400);
    assertThat(Json.parse(bin.getBody()).get("error").asText()).contains("UTF-8");
  }
}
