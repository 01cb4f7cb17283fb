package io.chio.lambda.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;

/**
 * Deployable REST API authorizer ({@code Handler: io.chio.lambda.authorizer.RestAuthorizerHandler}):
 * policy from {@code CHIO_POLICY_SOURCE}, built once per execution environment.
 */
public final class RestAuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
  private final ChioAuthorizer authorizer = ChioAuthorizer.fromEnvironment(null);

  @Override
  public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
    return authorizer.evaluate(event);
  }
}
