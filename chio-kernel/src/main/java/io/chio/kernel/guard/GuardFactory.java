package io.chio.kernel.guard;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds a guard from its config block (a JSON object; {@code {}} means all defaults). Unknown
 * config keys must be rejected with a {@link GuardConfigException} naming the key.
 */
@FunctionalInterface
public interface GuardFactory {
  Object create(JsonNode config) throws GuardConfigException;
}
