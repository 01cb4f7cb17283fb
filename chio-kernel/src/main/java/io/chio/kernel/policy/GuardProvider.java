package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.GuardCatalog;
import io.chio.kernel.guard.GuardConfigException;

/**
 * Where the policy compiler gets guards by name. Production code uses {@link #catalog()}; the seam
 * exists so a deployment can add its own guards and tests can observe what the compiler asks for.
 */
public interface GuardProvider {
  boolean has(String name);

  /** A {@link io.chio.kernel.guard.Guard} or a {@link io.chio.kernel.guard.ResponseGuard}; {@code null} config means defaults. */
  Object create(String name, JsonNode config) throws GuardConfigException;

  /** The built-in {@link GuardCatalog}. */
  static GuardProvider catalog() {
    return CatalogGuardProvider.INSTANCE;
  }
}
