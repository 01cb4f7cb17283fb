package io.chio.govern.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import io.chio.core.json.Json;
import io.chio.govern.GovernPolicy;
import io.chio.govern.GovernRuntime;
import io.chio.govern.TestEngines;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureFunctionsTest {
  @BeforeEach
  void install() {
    GovernRuntime.install(TestEngines.engine(GovernPolicy.defaults()));
  }

  @Test
  void httpTriggerEvaluatesAndRejectsBadJson() {
    HttpResponseMessage ok = new GovernAzureFunctions().http(new FakeRequest("{\"payload\":{\"m\":\"ssn 219-09-9999\"}}"), context(new ArrayList<>()));
    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(Json.parse((String) ok.getBody()).get("decision").asText()).isEqualTo("modify");
    HttpResponseMessage bad = new GovernAzureFunctions().http(new FakeRequest("{oops"), context(new ArrayList<>()));
    assertThat(bad.getStatusCode()).isEqualTo(400);
    assertThat(Json.parse((String) bad.getBody()).get("error").asText()).isEqualTo("Invalid JSON body");
  }

  @Test
  void queueTriggerLogsTheDecisionNotThePayload() {
    List<String> log = new ArrayList<>();
    new GovernAzureFunctions().queue("{\"payload\":{\"m\":\"key AKIAUJZDE8GXD6NCF10E\"},\"agent_id\":\"q\"}", context(log));
    assertThat(log).singleElement().satisfies(l -> {
      assertThat(l).contains("decision=block").contains("secrets blocked at /m").doesNotContain("AKIA");
    });
  }

  private static ExecutionContext context(List<String> sink) {
    Logger logger = Logger.getAnonymousLogger();
    logger.setUseParentHandlers(false);
    logger.addHandler(new Handler() {
      @Override public void publish(LogRecord r) { sink.add(r.getMessage()); }
      @Override public void flush() { }
      @Override public void close() { }
    });
    return new ExecutionContext() {
      @Override public Logger getLogger() { return logger; }
      @Override public String getInvocationId() { return "inv-1"; }
      @Override public String getFunctionName() { return "governance"; }
    };
  }

  record FakeRequest(String body) implements HttpRequestMessage<Optional<String>> {
    @Override public URI getUri() { return URI.create("http://localhost/api/governance"); }
    @Override public HttpMethod getHttpMethod() { return HttpMethod.POST; }
    @Override public Map<String, String> getHeaders() { return Map.of(); }
    @Override public Map<String, String> getQueryParameters() { return Map.of(); }
    @Override public Optional<String> getBody() { return Optional.of(body); }
    @Override public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) { return new FakeBuilder(status); }
    @Override public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) { return new FakeBuilder(status); }
  }

  static final class FakeBuilder implements HttpResponseMessage.Builder {
    HttpStatusType status;
    Object body;
    final Map<String, String> headers = new HashMap<>();

    FakeBuilder(HttpStatusType status) { this.status = status; }
    @Override public HttpResponseMessage.Builder status(HttpStatusType s) { status = s; return this; }
    @Override public HttpResponseMessage.Builder header(String k, String v) { headers.put(k, v); return this; }
    @Override public HttpResponseMessage.Builder body(Object b) { body = b; return this; }
    @Override public HttpResponseMessage build() {
      HttpStatusType s = status;
      Object b = body;
      return new HttpResponseMessage() {
        @Override public HttpStatusType getStatus() { return s; }
        @Override public String getHeader(String key) { return headers.get(key); }
        @Override public Object getBody() { return b; }
      };
    }
  }
}
