package io.chio.lambda.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;

/**
 * Deployable HTTP API authorizer ({@code Handler: io.chio.lambda.authorizer.HttpApiAuthorizerHandler}):
 * policy from {@code CHIO_POLICY_SOURCE}, built once per execution environment.
 */
public final class HttpApiAuthorizerHandler implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, IamPolicyResponse> {
  private final ChioAuthorizer authorizer = ChioAuthorizer.fromEnvironment(null);

  @Override
  public IamPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
    return authorizer.evaluate(event);
  }
}
