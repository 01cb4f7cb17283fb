package io.chio.govern.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.chio.govern.GovernResponse;
import io.chio.govern.GovernRuntime;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The typed API Gateway variant ({@code aws-lambda-java-events}), for functions wired only behind
 * API Gateway: {@code io.chio.govern.aws.GovernApiGatewayHandler::handleRequest}.
 */
public final class GovernApiGatewayHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
    String requestId = context == null ? "local" : context.getAwsRequestId();
    byte[] body;
    String raw = event == null ? null : event.getBody();
    if (raw == null) {
      body = new byte[0];
    } else if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
      try {
        body = Base64.getDecoder().decode(raw);
      } catch (IllegalArgumentException e) {
        body = new byte[] {(byte) 0xff};
      }
    } else {
      body = raw.getBytes(StandardCharsets.UTF_8);
    }
    GovernResponse r = LambdaResponses.decorate(GovernRuntime.handle(body), context);
    return new APIGatewayProxyResponseEvent()
        .withStatusCode(r.status())
        .withHeaders(Map.of("Content-Type", "application/json", "X-Request-Id", requestId))
        .withBody(LambdaResponses.serialize(r.body()));
  }
}
