package io.chio.kernel.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.GuardCatalog;
import io.chio.kernel.guard.GuardConfigException;

/** {@link GuardProvider} over the built-in {@link GuardCatalog}. */
final class CatalogGuardProvider implements GuardProvider {
  static final CatalogGuardProvider INSTANCE = new CatalogGuardProvider();

  private CatalogGuardProvider() {}

  @Override
  public boolean has(String name) {
    return GuardCatalog.has(name);
  }

  @Override
  public Object create(String name, JsonNode config) throws GuardConfigException {
    return GuardCatalog.create(name, config);
  }
}
