package io.chio.lambda.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.policy.GuardProvider;

/** The kernel's guard catalog plus the Lambda edge's {@code pii-filter}. */
public final class LambdaGuardProvider implements GuardProvider {
  public static final LambdaGuardProvider INSTANCE = new LambdaGuardProvider();

  private LambdaGuardProvider() {}

  @Override
  public boolean has(String name) {
    return PiiFilterGuard.NAME.equals(name) || GuardProvider.catalog().has(name);
  }

  @Override
  public Object create(String name, JsonNode config) throws GuardConfigException {
    if (PiiFilterGuard.NAME.equals(name)) {
      return new PiiFilterGuard();
    }
    return GuardProvider.catalog().create(name, config);
  }
}
