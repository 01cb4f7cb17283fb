package io.chio.lambda.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.chio.core.ChioFormatException;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.json.Json;
import io.chio.lambda.CallParser;
import io.chio.lambda.EvaluateRequest;
import io.chio.lambda.Evaluator;
import io.chio.lambda.LambdaDecision;
import io.chio.lambda.extension.Assembly;
import io.chio.lambda.extension.ExtensionConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * API Gateway Lambda authorizer: evaluates the capability token of the request before the target
 * function runs and answers with an IAM policy, {@code Allow} or {@code Deny} of {@code
 * execute-api:Invoke} on the method (or route) ARN, with the signed decision receipt's id in the
 * context. The call is the resource path as the tool and the HTTP method as the scope, so rules
 * read {@code tool: "/api/search", scopes: ["GET"]}. A capability is required: none, or one that
 * does not verify, is a Deny. Every decision's receipt is in the sink before the answer (sync).
 *
 * <p>REST APIs (TOKEN and REQUEST authorizers) get {@link IamPolicyResponseV1}; HTTP APIs (payload
 * 2.0 with IAM policy responses) get {@link IamPolicyResponse}.
 */
public final class ChioAuthorizer {
  private final Evaluator evaluator;

  public ChioAuthorizer(Evaluator evaluator) {
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
  }

  /** Policy from {@code policySource} (file or {@code s3://bucket/key}), key and sink from the environment as for the extension. */
  public static ChioAuthorizer fromEnvironment(String policySource) {
    ExtensionConfig cfg = ExtensionConfig.from(System.getenv(), policySource, null, "sync");
    Assembly a = Assembly.assemble(cfg, System.err::println, Clock.systemUTC());
    if (a.evaluator().failure() != null) {
      System.err.println("chio: authorizer fail-closed, every request is denied: " + a.evaluator().failure());
    }
    return new ChioAuthorizer(a.evaluator());
  }

  /** REST API, TOKEN or REQUEST authorizer. */
  public IamPolicyResponseV1 evaluate(APIGatewayCustomAuthorizerEvent event) {
    Objects.requireNonNull(event, "event");
    String token = "TOKEN".equals(event.getType()) ? event.getAuthorizationToken() : header(event.getHeaders());
    Result r = decide(event.getMethodArn(), token);
    return IamPolicyResponseV1.builder()
        .withPrincipalId(r.principal)
        .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
            .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
            .withStatement(List.of(IamPolicyResponseV1.Statement.builder()
                .withAction(IamPolicyResponseV1.EXECUTE_API_INVOKE)
                .withEffect(r.allowed ? IamPolicyResponseV1.ALLOW : IamPolicyResponseV1.DENY)
                .withResource(List.of(r.resource))
                .build()))
            .build())
        .withContext(r.context)
        .build();
  }

  /** HTTP API authorizer answering with an IAM policy. */
  public IamPolicyResponse evaluate(APIGatewayV2CustomAuthorizerEvent event) {
    Objects.requireNonNull(event, "event");
    String token = header(event.getHeaders());
    if (token == null && event.getIdentitySource() != null && !event.getIdentitySource().isEmpty()) {
      token = event.getIdentitySource().get(0);
    }
    Result r = decide(event.getRouteArn(), token);
    return IamPolicyResponse.builder()
        .withPrincipalId(r.principal)
        .withPolicyDocument(IamPolicyResponse.PolicyDocument.builder()
            .withVersion(IamPolicyResponse.VERSION_2012_10_17)
            .withStatement(List.of(IamPolicyResponse.Statement.builder()
                .withAction(IamPolicyResponse.EXECUTE_API_INVOKE)
                .withEffect(r.allowed ? IamPolicyResponse.ALLOW : IamPolicyResponse.DENY)
                .withResource(List.of(r.resource))
                .build()))
            .build())
        .withContext(r.context)
        .build();
  }

  private record Result(boolean allowed, String principal, String resource, Map<String, Object> context) {}

  private Result decide(String arnText, String presented) {
    String requestId = "authorizer-" + UUID.randomUUID();
    MethodArn arn = MethodArn.parse(arnText);
    // An ARN we cannot read is denied on exactly what was asked (or on nothing at all).
    String resource = arnText == null || arnText.isBlank() ? "arn:aws:execute-api:*:*:*/*/*/*" : arnText;
    LambdaDecision d;
    String principal = "anonymous";
    if (arn == null) {
      d = evaluator.badRequest(null, null, requestId, "not an execute-api method or route ARN: " + arnText);
    } else if (presented == null || presented.isBlank()) {
      d = evaluator.badRequest(arn.path(), null, requestId, "no capability token presented (Authorization or X-Chio-Capability)");
    } else {
      byte[] token = CallParser.presented(presented);
      if (token == null) {
        d = evaluator.badRequest(arn.path(), null, requestId, "the capability token is neither token JSON nor base64url of it");
      } else {
        try {
          principal = CapabilityToken.parse(token).subject().toHex();
        } catch (ChioFormatException | IllegalArgumentException e) {
          // The kernel denies the malformed token with its own reason and receipt.
        }
        d = evaluator.evaluate(new EvaluateRequest(arn.path(), List.of(arn.method()), Json.object(), principal, token, requestId));
      }
    }
    if (!d.denied()) {
      evaluator.release(d.receiptId());
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("receipt_id", d.receiptId());
    context.put("decision", d.outcome().wire());
    if (d.denied()) {
      context.put("reason", d.reason());
      context.put("guard", d.guard());
    }
    return new Result(!d.denied(), principal, resource, context);
  }

  private static String header(Map<String, String> headers) {
    if (headers == null) {
      return null;
    }
    String auth = null;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase("X-Chio-Capability")) {
        return e.getValue();
      }
      if (e.getKey().equalsIgnoreCase("Authorization")) {
        auth = e.getValue();
      }
    }
    return auth;
  }
}
