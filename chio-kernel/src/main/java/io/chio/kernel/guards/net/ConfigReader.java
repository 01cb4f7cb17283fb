package io.chio.kernel.guards.net;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import io.chio.kernel.guard.GuardConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of one guard's config object. An absent key takes the documented default; a present
 * key replaces it (an empty list means empty, not default). Errors name {@code guard.key[index]}.
 */
final class ConfigReader {
  private final String guard;
  private final JsonNode node;

  private ConfigReader(String guard, JsonNode node) {
    this.guard = guard;
    this.node = node;
  }

  /** Rejects a non-object config and any key outside {@code known}. */
  static ConfigReader of(String guard, JsonNode config, Set<String> known) throws GuardConfigException {
    if (config == null || config.isNull() || config.isMissingNode()) {
      return new ConfigReader(guard, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }
    if (!config.isObject()) {
      throw new GuardConfigException(guard + ": config must be an object, got " + Fields.kind(config));
    }
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new GuardConfigException(guard + ": unknown config key \"" + k + "\"; known keys: " + String.join(", ", new TreeSet<>(known)));
      }
    }
    return new ConfigReader(guard, config);
  }

  boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  boolean bool(String key, boolean def) throws GuardConfigException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return def;
    }
    if (!v.isBoolean()) {
      throw wrong(key, "a boolean", v);
    }
    return v.booleanValue();
  }

  List<String> strings(String key, List<String> def) throws GuardConfigException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return def;
    }
    if (!v.isArray()) {
      throw wrong(key, "a list of strings", v);
    }
    List<String> out = new ArrayList<>(v.size());
    int i = 0;
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new GuardConfigException(guard + "." + key + "[" + i + "]: expected a string, got " + Fields.kind(e));
      }
      if (e.textValue().isBlank()) {
        throw new GuardConfigException(guard + "." + key + "[" + i + "]: must not be empty");
      }
      out.add(e.textValue().strip());
      i++;
    }
    return List.copyOf(out);
  }

  String choice(String key, String def, Set<String> allowed) throws GuardConfigException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return def;
    }
    if (!v.isTextual() || !allowed.contains(v.textValue())) {
      throw new GuardConfigException(guard + "." + key + ": expected one of " + String.join(", ", new TreeSet<>(allowed)) + ", got " + describe(v));
    }
    return v.textValue();
  }

  long positive(String key, long def) throws GuardConfigException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return def;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() <= 0) {
      throw wrong(key, "a positive integer", v);
    }
    return v.longValue();
  }

  /** A config error for {@code key} (e.g. an invalid pattern), with the guard name prefixed. */
  GuardConfigException error(String key, String message) {
    return new GuardConfigException(guard + "." + key + ": " + message);
  }

  private GuardConfigException wrong(String key, String expected, JsonNode v) {
    return new GuardConfigException(guard + "." + key + ": expected " + expected + ", got " + describe(v));
  }

  private static String describe(JsonNode v) {
    return v.isTextual() ? "\"" + v.textValue() + "\"" : Fields.kind(v);
  }
}
