package io.chio.govern.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda context for tests. */
final class FakeContext implements Context {
  @Override public String getAwsRequestId() { return "req-123"; }
  @Override public String getLogGroupName() { return "/aws/lambda/chio-govern"; }
  @Override public String getLogStreamName() { return "stream"; }
  @Override public String getFunctionName() { return "chio-govern"; }
  @Override public String getFunctionVersion() { return "$LATEST"; }
  @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:000000000000:function:chio-govern"; }
  @Override public CognitoIdentity getIdentity() { return null; }
  @Override public ClientContext getClientContext() { return null; }
  @Override public int getRemainingTimeInMillis() { return 29_000; }
  @Override public int getMemoryLimitInMB() { return 512; }
  @Override public LambdaLogger getLogger() { return null; }
}
