package io.chio.govern.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.chio.core.json.Json;
import io.chio.govern.GovernPolicy;
import io.chio.govern.GovernRuntime;
import io.chio.govern.TestEngines;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpFunctionsTest {
  @BeforeEach
  void install() {
    GovernRuntime.install(TestEngines.engine(GovernPolicy.defaults()));
  }

  @Test
  void httpFunctionEvaluates() throws Exception {
    FakeResponse res = new FakeResponse();
    new GovernHttpFunction().service(new FakeRequest("POST", "{\"action\":\"evaluate\",\"payload\":{\"m\":\"mail jane@example.com\"}}"), res);
    assertThat(res.status).isEqualTo(200);
    JsonNode body = Json.parse(res.out.toByteArray());
    assertThat(body.get("decision").asText()).isEqualTo("modify");
    assertThat(body.at("/modified_payload/m").asText()).isEqualTo("mail [EMAIL_REDACTED]");
    assertThat(res.headers.get("Access-Control-Allow-Origin")).containsExactly("*");
  }

  @Test
  void httpFunctionAnswersPreflightAndRejectsOversizeWithoutReadingItAll() throws Exception {
    FakeResponse pre = new FakeResponse();
    new GovernHttpFunction().service(new FakeRequest("OPTIONS", ""), pre);
    assertThat(pre.status).isEqualTo(204);
    FakeResponse big = new FakeResponse();
    new GovernHttpFunction().service(new FakeRequest("POST", "x".repeat(10 * 1024 * 1024)), big);
    assertThat(big.status).isEqualTo(413);
    assertThat(Json.parse(big.out.toByteArray()).get("decision").asText()).isEqualTo("block");
  }

  @Test
  void pubSubEventIsEvaluatedAndLoggedWithoutThePayload() {
    String message = Base64.getEncoder().encodeToString("{\"message\":\"card 4111 1111 1111 1111\",\"agent_id\":\"a1\"}".getBytes(StandardCharsets.UTF_8));
    ObjectNode envelope = Json.object();
    envelope.putObject("message").put("data", message).put("messageId", "m-1");
    ObjectNode line = GovernPubSubFunction.summarize(new FakeEvent("evt-1", envelope.toString()));
    assertThat(line.get("event_id").asText()).isEqualTo("evt-1");
    assertThat(line.get("decision").asText()).isEqualTo("modify");
    assertThat(line.get("receipt_id").asText()).hasSize(64);
    assertThat(line.toString()).doesNotContain("4111");
    ObjectNode broken = GovernPubSubFunction.summarize(new FakeEvent("evt-2", "{\"message\":{\"data\":\"@@@\"}}"));
    assertThat(broken.get("decision").asText()).isEqualTo("block");
  }

  static final class FakeRequest implements HttpRequest {
    final String method;
    final byte[] body;

    FakeRequest(String method, String body) {
      this.method = method;
      this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    @Override public String getMethod() { return method; }
    @Override public String getUri() { return "http://localhost/"; }
    @Override public String getPath() { return "/"; }
    @Override public Optional<String> getQuery() { return Optional.empty(); }
    @Override public Map<String, List<String>> getQueryParameters() { return Map.of(); }
    @Override public Map<String, HttpPart> getParts() { return Map.of(); }
    @Override public Optional<String> getContentType() { return Optional.of("application/json"); }
    @Override public long getContentLength() { return body.length; }
    @Override public Optional<String> getCharacterEncoding() { return Optional.empty(); }
    @Override public InputStream getInputStream() { return new ByteArrayInputStream(body); }
    @Override public BufferedReader getReader() { throw new UnsupportedOperationException(); }
    @Override public Map<String, List<String>> getHeaders() { return Map.of(); }
  }

  static final class FakeResponse implements HttpResponse {
    int status = 200;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Map<String, List<String>> headers = new HashMap<>();

    @Override public void setStatusCode(int code) { status = code; }
    @Override public void setStatusCode(int code, String message) { status = code; }
    @Override public void setContentType(String contentType) { appendHeader("Content-Type", contentType); }
    @Override public Optional<String> getContentType() { return Optional.ofNullable(headers.get("Content-Type")).map(l -> l.get(0)); }
    @Override public void appendHeader(String header, String value) { headers.computeIfAbsent(header, k -> new ArrayList<>()).add(value); }
    @Override public Map<String, List<String>> getHeaders() { return headers; }
    @Override public OutputStream getOutputStream() { return out; }
    @Override public BufferedWriter getWriter() { return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)); }
  }

  record FakeEvent(String id, String json) implements CloudEvent {
    @Override public CloudEventData getData() { return () -> json.getBytes(StandardCharsets.UTF_8); }
    @Override public SpecVersion getSpecVersion() { return SpecVersion.V1; }
    @Override public String getId() { return id; }
    @Override public String getType() { return "google.cloud.pubsub.topic.v1.messagePublished"; }
    @Override public URI getSource() { return URI.create("//pubsub.googleapis.com/projects/p/topics/t"); }
    @Override public String getDataContentType() { return "application/json"; }
    @Override public URI getDataSchema() { return null; }
    @Override public String getSubject() { return null; }
    @Override public OffsetDateTime getTime() { return null; }
    @Override public Object getAttribute(String name) { return null; }
    @Override public Object getExtension(String name) { return null; }
    @Override public Set<String> getExtensionNames() { return Set.of(); }
  }
}
