package io.chio.lambda.policy;

/**
 * Dotted paths into a Lambda event (transparent mode). Each is null when the policy does not set
 * it. Defaults are those of the seed's API Gateway example.
 */
public record EvaluationFields(String identityField, String toolField, String scopeField, String argumentsField) {
  public static final EvaluationFields DEFAULTS =
      new EvaluationFields("requestContext.authorizer.principalId", "resource", "httpMethod", "body");
}
