package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import io.chio.kernel.guard.GuardConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Typed reads of one guard's config object. Every error names the guard and the key
 * ({@code computer-use.max_type_length: expected an integer >= 1, got a string}). A key set to
 * {@code null} means "use the default", as if it were absent.
 */
final class ConfigReader {
  private final String guard;
  private final JsonNode config;

  private ConfigReader(String guard, JsonNode config) {
    this.guard = guard;
    this.config = config;
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
      String key = it.next();
      if (!known.contains(key)) {
        throw new GuardConfigException(guard + ": unknown config key \"" + key + "\"; known keys: " + String.join(", ", new TreeSet<>(known)));
      }
    }
    return new ConfigReader(guard, config);
  }

  private JsonNode get(String key) {
    JsonNode n = config.get(key);
    return n == null || n.isNull() ? null : n;
  }

  private GuardConfigException wrong(String key, String expected, JsonNode got) {
    return new GuardConfigException(guard + "." + key + ": expected " + expected + ", got " + Fields.kind(got));
  }

  boolean bool(String key, boolean dflt) throws GuardConfigException {
    JsonNode n = get(key);
    if (n == null) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw wrong(key, "a boolean", n);
    }
    return n.booleanValue();
  }

  /** An integer in {@code [1, max]}, or null when absent (meaning "no limit"). */
  Long optPositive(String key, long max) throws GuardConfigException {
    JsonNode n = get(key);
    if (n == null) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1 || n.longValue() > max) {
      throw new GuardConfigException(guard + "." + key + ": expected an integer from 1 to " + max + " (omit the key for no limit), got "
          + (n.isNumber() ? n.asText() : Fields.kind(n)));
    }
    return n.longValue();
  }

  long positive(String key, long dflt, long max) throws GuardConfigException {
    Long v = optPositive(key, max);
    return v == null ? dflt : v;
  }

  /** A finite number in {@code (0, max]}. */
  double positiveNumber(String key, double dflt, double max) throws GuardConfigException {
    JsonNode n = get(key);
    if (n == null) {
      return dflt;
    }
    if (!n.isNumber() || !(n.doubleValue() > 0) || n.doubleValue() > max || Double.isInfinite(n.doubleValue())) {
      throw new GuardConfigException(guard + "." + key + ": expected a number greater than 0 and at most " + max + ", got "
          + (n.isNumber() ? n.asText() : Fields.kind(n)));
    }
    return n.doubleValue();
  }

  String choice(String key, String dflt, Set<String> allowed) throws GuardConfigException {
    JsonNode n = get(key);
    if (n == null) {
      return dflt;
    }
    if (!n.isTextual() || !allowed.contains(n.textValue())) {
      throw new GuardConfigException(guard + "." + key + ": expected one of " + String.join(", ", new TreeSet<>(allowed)) + ", got "
          + (n.isTextual() ? "\"" + n.textValue() + "\"" : Fields.kind(n)));
    }
    return n.textValue();
  }

  /** A list of strings; {@code dflt} when absent. An explicit empty list stays empty. */
  List<String> strings(String key, List<String> dflt) throws GuardConfigException {
    JsonNode n = get(key);
    if (n == null) {
      return dflt;
    }
    if (!n.isArray()) {
      throw wrong(key, "a list of strings", n);
    }
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isTextual()) {
        throw wrong(key + "[" + i + "]", "a string", e);
      }
      out.add(e.textValue());
    }
    return List.copyOf(out);
  }

  /** Whether the key is present with a non-null value. */
  boolean has(String key) {
    return get(key) != null;
  }

  /** Compiles operator regexes once; a bad one names its index. */
  List<Pattern> patterns(String key, List<String> sources, int flags) throws GuardConfigException {
    List<Pattern> out = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      try {
        out.add(Pattern.compile(sources.get(i), flags));
      } catch (PatternSyntaxException e) {
        throw new GuardConfigException(guard + "." + key + "[" + i + "]: invalid regular expression: " + e.getDescription(), e);
      }
    }
    return List.copyOf(out);
  }

  GuardConfigException error(String key, String message) {
    return new GuardConfigException(guard + "." + key + ": " + message);
  }
}
