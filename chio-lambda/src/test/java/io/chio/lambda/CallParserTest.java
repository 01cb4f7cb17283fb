package io.chio.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.json.Json;
import io.chio.lambda.policy.EvaluationFields;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CallParserTest {
  static CallParser.Parsed parse(String body, String header, EvaluationFields f) {
    return CallParser.parse(body.getBytes(StandardCharsets.UTF_8), header, f, "req#1");
  }

  static EvaluateRequest call(CallParser.Parsed p) {
    assertThat(p).isInstanceOf(CallParser.Parsed.Call.class);
    return ((CallParser.Parsed.Call) p).request();
  }

  @Test
  void explicitBodyAsTheSeedsHandlersSendIt() {
    EvaluateRequest r = call(parse("{\"tool\":\"database-query\",\"scope\":\"db:read\",\"arguments\":\"{\\\"sql\\\":\\\"select 1\\\"}\","
        + "\"identity\":{\"principalId\":\"user-1\",\"scope\":\"db:write extra\"}}", null, null));
    assertThat(r.tool()).isEqualTo("database-query");
    assertThat(r.scopes()).containsExactly("db:read", "db:write", "extra");
    assertThat(r.arguments().path("sql").asText()).isEqualTo("select 1");
    assertThat(r.identity()).isEqualTo("user-1");
    assertThat(r.capability()).isNull();
    assertThat(r.requestId()).isEqualTo("req#1");
  }

  @Test
  void capabilityInTheBodyOrTheHeaderAsJsonOrBase64url() {
    String token = "{\"id\":\"cap\"}";
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(call(parse("{\"tool\":\"t\",\"capability\":" + token + "}", null, null)).capability(), StandardCharsets.UTF_8))
        .isEqualTo(token);
    assertThat(new String(call(parse("{\"tool\":\"t\",\"capability\":\"" + b64 + "\"}", null, null)).capability(), StandardCharsets.UTF_8))
        .isEqualTo(token);
    assertThat(new String(call(parse("{\"tool\":\"t\"}", "Bearer " + b64, null)).capability(), StandardCharsets.UTF_8)).isEqualTo(token);
    assertThat(parse("{\"tool\":\"t\",\"capability\":\"" + b64 + "\"}", b64, null)).isInstanceOf(CallParser.Parsed.Bad.class);
  }

  @Test
  void nonObjectArgumentsAreKeptUnderBody() {
    assertThat(call(parse("{\"tool\":\"t\",\"arguments\":\"plain text\"}", null, null)).arguments().path("body").asText()).isEqualTo("plain text");
    assertThat(call(parse("{\"tool\":\"t\",\"arguments\":[1,2]}", null, null)).arguments().path("body").size()).isEqualTo(2);
    assertThat(call(parse("{\"tool\":\"t\"}", null, null)).arguments().size()).isZero();
    assertThat(call(parse("{\"tool\":\"t\",\"identity\":{\"org\":\"acme\"}}", null, null)).identity()).startsWith("sha256:");
  }

  @Test
  void transparentProjectionOfAnApiGatewayEvent() {
    String event = "{\"event\":{\"resource\":\"/api/search\",\"httpMethod\":\"GET\",\"body\":\"{\\\"q\\\":\\\"x\\\"}\","
        + "\"headers\":{\"x-chio-capability\":\"{\\\"id\\\":\\\"c\\\"}\"},"
        + "\"requestContext\":{\"authorizer\":{\"principalId\":\"user-9\",\"scope\":\"tools:search:invoke\"}}}}";
    EvaluateRequest r = call(parse(event, null, EvaluationFields.DEFAULTS));
    assertThat(r.tool()).isEqualTo("/api/search");
    assertThat(r.scopes()).containsExactly("GET", "tools:search:invoke");
    assertThat(r.identity()).isEqualTo("user-9");
    assertThat(r.arguments().path("q").asText()).isEqualTo("x");
    assertThat(new String(r.capability(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"c\"}");
    assertThat(parse("{\"event\":{\"httpMethod\":\"GET\"}}", null, EvaluationFields.DEFAULTS))
        .isInstanceOfSatisfying(CallParser.Parsed.Bad.class, b -> assertThat(b.message()).contains("no tool at \"resource\""));
    assertThat(parse(event, null, null))
        .isInstanceOfSatisfying(CallParser.Parsed.Bad.class, b -> assertThat(b.message()).contains("mode is explicit"));
  }

  @Test
  void dottedPathsIndexArrays() {
    var n = Json.parse("{\"Records\":[{\"s3\":{\"object\":{\"key\":\"a.txt\"}}}]}");
    assertThat(CallParser.at(n, "Records.0.s3.object.key").asText()).isEqualTo("a.txt");
    assertThat(CallParser.at(n, "Records.1.s3")).isNull();
    assertThat(CallParser.at(n, "nope.x")).isNull();
  }
}
