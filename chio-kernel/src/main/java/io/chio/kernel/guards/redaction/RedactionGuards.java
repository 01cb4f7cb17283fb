package io.chio.kernel.guards.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.policy.GuardProvider;
import java.util.Objects;

/**
 * The field-redaction guards, {@code input-redaction} and {@code output-redaction}, configured
 * under {@code extensions.guards} of a policy loaded with {@link #withRedaction}. They are opt-in
 * rather than in the default catalog because input redaction is only effective at an edge that
 * calls the tool with {@link io.chio.kernel.Invocation#arguments()}.
 */
public final class RedactionGuards {
  private RedactionGuards() {}

  /** {@code base} plus the two redaction guards. */
  public static GuardProvider withRedaction(GuardProvider base) {
    Objects.requireNonNull(base, "base");
    return new GuardProvider() {
      @Override
      public boolean has(String name) {
        return isRedaction(name) || base.has(name);
      }

      @Override
      public Object create(String name, JsonNode config) throws GuardConfigException {
        if (name.equals(InputRedactionGuard.NAME)) {
          return InputRedactionGuard.create(config);
        }
        if (name.equals(OutputRedactionGuard.NAME)) {
          return OutputRedactionGuard.create(config);
        }
        return base.create(name, config);
      }
    };
  }

  private static boolean isRedaction(String name) {
    return name.equals(InputRedactionGuard.NAME) || name.equals(OutputRedactionGuard.NAME);
  }
}
