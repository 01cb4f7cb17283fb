package io.chio.govern.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.chio.core.json.Json;
import io.chio.govern.BoundedBody;
import io.chio.govern.GovernEngine;
import io.chio.govern.GovernResponse;
import io.chio.govern.GovernRuntime;
import java.io.OutputStream;

/**
 * Google Cloud Functions (gen 2) HTTP entry point: {@code --entry-point
 * io.chio.govern.gcp.GovernHttpFunction}. Answers CORS preflight with 204, everything else with
 * the engine's status and JSON body. The body is read only up to the policy's size limit.
 */
public final class GovernHttpFunction implements HttpFunction {
  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.appendHeader("Access-Control-Allow-Origin", "*");
    if ("OPTIONS".equalsIgnoreCase(request.getMethod())) {
      response.appendHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
      response.appendHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
      response.appendHeader("Access-Control-Max-Age", "3600");
      response.setStatusCode(204);
      return;
    }
    GovernEngine engine = GovernRuntime.engine();
    GovernResponse r = engine == null ? GovernRuntime.unavailable()
        : engine.handle(BoundedBody.read(request.getInputStream(), engine.policy().limits().maxPayloadBytes()));
    response.setStatusCode(r.status());
    response.setContentType("application/json");
    try (OutputStream out = response.getOutputStream()) {
      out.write(Json.mapper().writeValueAsBytes(r.body()));
    }
  }
}
