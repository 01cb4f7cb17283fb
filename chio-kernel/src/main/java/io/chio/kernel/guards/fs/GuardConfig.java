package io.chio.kernel.guards.fs;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import io.chio.kernel.guard.GuardConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Typed reads of one guard's config object. Every error names the guard and the key (e.g. {@code
 * shell-command.forbidden_patterns[2]: invalid regex ...}) so the policy author knows what to fix.
 */
final class GuardConfig {
  private final String guard;
  private final JsonNode node;

  private GuardConfig(String guard, JsonNode node) {
    this.guard = guard;
    this.node = node;
  }

  /** Wraps {@code config} ({@code null} = all defaults) after rejecting keys outside {@code known}. */
  static GuardConfig of(String guard, JsonNode config, Set<String> known) throws GuardConfigException {
    if (config == null || config.isNull() || config.isMissingNode()) {
      return new GuardConfig(guard, null);
    }
    if (!config.isObject()) {
      throw new GuardConfigException(guard + ": config must be an object, got " + Fields.kind(config));
    }
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new GuardConfigException(guard + ": unknown config key \"" + key + "\"; known keys: " + String.join(", ", sorted(known)));
      }
    }
    return new GuardConfig(guard, config);
  }

  private static List<String> sorted(Set<String> s) {
    List<String> l = new ArrayList<>(s);
    Collections.sort(l);
    return l;
  }

  private JsonNode get(String key) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String key) {
    return get(key) != null;
  }

  boolean bool(String key, boolean dflt) throws GuardConfigException {
    JsonNode v = get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw wrong(key, "a boolean", v);
    }
    return v.booleanValue();
  }

  long nonNegativeLong(String key, long dflt) throws GuardConfigException {
    JsonNode v = get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw wrong(key, "a non-negative integer", v);
    }
    return v.longValue();
  }

  double positiveDouble(String key, double dflt) throws GuardConfigException {
    JsonNode v = get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isNumber() || !(v.doubleValue() > 0) || Double.isInfinite(v.doubleValue())) {
      throw wrong(key, "a positive number", v);
    }
    return v.doubleValue();
  }

  /** A list of strings, or {@code dflt} when the key is absent. Empty strings are rejected. */
  List<String> strings(String key, List<String> dflt) throws GuardConfigException {
    JsonNode v = get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isArray()) {
      throw wrong(key, "an array of strings", v);
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw wrong(key + "[" + i + "]", "a string", e);
      }
      if (e.textValue().isEmpty()) {
        throw error(key + "[" + i + "]", "must not be empty");
      }
      out.add(e.textValue());
    }
    return List.copyOf(out);
  }

  /** Compiles every entry of a string list as a regex; a bad one names its index. */
  List<Pattern> regexes(String key) throws GuardConfigException {
    List<String> src = strings(key, List.of());
    List<Pattern> out = new ArrayList<>(src.size());
    for (int i = 0; i < src.size(); i++) {
      try {
        out.add(Pattern.compile(src.get(i)));
      } catch (PatternSyntaxException e) {
        throw error(key + "[" + i + "]", "invalid regex: " + e.getDescription());
      }
    }
    return List.copyOf(out);
  }

  GuardConfigException error(String key, String message) {
    return new GuardConfigException(guard + "." + key + ": " + message);
  }

  private GuardConfigException wrong(String key, String expected, JsonNode got) {
    return error(key, "expected " + expected + ", got " + Fields.kind(got));
  }
}
