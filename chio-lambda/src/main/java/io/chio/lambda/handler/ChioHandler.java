package io.chio.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chio.lambda.client.ChioLambda;
import io.chio.lambda.client.ChioLambdaException;
import io.chio.lambda.client.ChioVerdict;
import java.util.Map;
import java.util.Objects;

/**
 * Transparent mode for Java functions: wraps a {@link RequestHandler} so that every event is sent
 * to the Chio extension ({@code {"event": ...}}, projected there with the policy's {@code
 * evaluation.*_field} paths) before the handler runs. A denied event never reaches the handler:
 * the {@link DenialHandler} answers instead. After the handler returns, the SHA-256 of its result
 * (as JSON) closes the receipt; if that fails the result is withheld (fail closed).
 *
 * <pre>
 * public class Handler implements RequestHandler&lt;APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent&gt; {
 *   private final RequestHandler&lt;...&gt; governed = ChioHandler.wrap(this::work, ChioHandler.forbidden403());
 *   public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent e, Context c) {
 *     return governed.handleRequest(e, c);
 *   }
 * }
 * </pre>
 */
public final class ChioHandler<I, O> implements RequestHandler<I, O> {
  // Events are Lombok beans (getters: requestContext, httpMethod, body, ...): the same names the
  // policy's dotted paths use for the JSON Lambda delivers.
  private static final ObjectMapper EVENTS = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final RequestHandler<I, O> handler;
  private final DenialHandler<I, O> onDeny;
  private final ChioLambda chio;

  private ChioHandler(RequestHandler<I, O> handler, DenialHandler<I, O> onDeny, ChioLambda chio) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.onDeny = Objects.requireNonNull(onDeny, "onDeny");
    this.chio = Objects.requireNonNull(chio, "chio");
  }

  /** Wraps {@code handler}, talking to the extension at {@code CHIO_EXTENSION_ADDR} (default 127.0.0.1:9090). */
  public static <I, O> ChioHandler<I, O> wrap(RequestHandler<I, O> handler, DenialHandler<I, O> onDeny) {
    return new ChioHandler<>(handler, onDeny, ChioLambda.connectDefault());
  }

  public static <I, O> ChioHandler<I, O> wrap(RequestHandler<I, O> handler, DenialHandler<I, O> onDeny, ChioLambda chio) {
    return new ChioHandler<>(handler, onDeny, chio);
  }

  /** The seed's API Gateway answer to a denial: 403 {@code {"error":"capability_denied","reason","receipt_id"}}. */
  public static DenialHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> forbidden403() {
    return (verdict, input, context) -> {
      java.util.LinkedHashMap<String, Object> body = new java.util.LinkedHashMap<>();
      body.put("error", "capability_denied");
      body.put("reason", verdict.reason());
      body.put("receipt_id", verdict.receiptId());
      try {
        return new APIGatewayProxyResponseEvent().withStatusCode(403).withHeaders(Map.of("Content-Type", "application/json"))
            .withBody(EVENTS.writeValueAsString(body));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write a denial", e);
      }
    };
  }

  @Override
  public O handleRequest(I input, Context context) {
    String event;
    try {
      event = EVENTS.writeValueAsString(input);
    } catch (JsonProcessingException e) {
      return onDeny.deny(new ChioVerdict("deny", "event cannot be written as JSON (fail-closed): " + e.getOriginalMessage(), "client",
          "CHIO-LAMBDA-BAD-EVENT", null, null), input, context);
    }
    ChioVerdict verdict = chio.evaluateEvent(event);
    if (verdict.denied()) {
      return onDeny.deny(verdict, input, context);
    }
    O out;
    try {
      out = handler.handleRequest(input, context);
    } catch (RuntimeException e) {
      try {
        chio.recordFailure(verdict, e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (ChioLambdaException recordFailed) {
        e.addSuppressed(recordFailed);
      }
      throw e;
    }
    byte[] result;
    try {
      result = EVENTS.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      chio.recordFailure(verdict, "result cannot be written as JSON: " + e.getOriginalMessage());
      throw new ChioLambdaException("the handler's result cannot be hashed for its receipt", e);
    }
    chio.record(verdict, ChioLambda.sha256Hex(result));
    return out;
  }
}
