package io.chio.kernel.guards.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import io.chio.kernel.guard.GuardConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of one guard's config block. Every error names the guard and the field so the
 * policy author knows what to fix; unknown keys are rejected up front.
 */
final class ConfigReader {
  private final String guard;
  private final JsonNode config;

  ConfigReader(String guard, JsonNode config, Set<String> allowedKeys) throws GuardConfigException {
    this.guard = guard;
    if (config == null || !config.isObject()) {
      throw new GuardConfigException(guard + " config: expected an object, got " + Fields.kind(config));
    }
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowedKeys.contains(key)) {
        throw new GuardConfigException(
            guard + " config: unknown key \"" + key + "\" (allowed: " + String.join(", ", new TreeSet<>(allowedKeys)) + ")");
      }
    }
    this.config = config;
  }

  boolean bool(String key, boolean fallback) throws GuardConfigException {
    JsonNode n = config.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw error(key, "a boolean", n);
    }
    return n.booleanValue();
  }

  String string(String key, String fallback) throws GuardConfigException {
    JsonNode n = config.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isTextual()) {
      throw error(key, "a string", n);
    }
    return n.textValue();
  }

  /** An integer in {@code [min, max]}, or {@code fallback} (which may be null) when absent. */
  Long integer(String key, Long fallback, long min, long max) throws GuardConfigException {
    JsonNode n = config.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw error(key, "an integer", n);
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw new GuardConfigException(guard + " config: \"" + key + "\" must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  List<String> strings(String key, List<String> fallback) throws GuardConfigException {
    JsonNode n = config.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isArray()) {
      throw error(key, "a list of strings", n);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isTextual()) {
        throw new GuardConfigException(guard + " config: \"" + key + "[" + i + "]\" must be a string, got " + Fields.kind(e));
      }
      out.add(e.textValue());
    }
    return List.copyOf(out);
  }

  /** The raw node (null when absent), for nested structures the caller validates itself. */
  JsonNode node(String key) {
    JsonNode n = config.get(key);
    return n == null || n.isNull() ? null : n;
  }

  GuardConfigException error(String key, String expected, JsonNode got) {
    return new GuardConfigException(guard + " config: \"" + key + "\" must be " + expected + ", got " + Fields.kind(got));
  }

  GuardConfigException error(String message) {
    return new GuardConfigException(guard + " config: " + message);
  }
}
