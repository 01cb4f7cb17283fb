package io.chio.kernel.guards.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chio.kernel.guard.GuardConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds object members whose key is on a list (compared case-insensitively, at any depth, inside
 * arrays too) and masks, drops or refuses them. Config: {@code fields} (required, non-empty list of
 * key names) and {@code action} ({@code mask} (default), {@code drop} or {@code deny}). Immutable.
 */
final class FieldRedactor {
  static final String MASK = "[REDACTED]";
  private static final Set<String> KEYS = Set.of("fields", "action");

  enum Action {
    MASK,
    DROP,
    DENY
  }

  /**
   * What {@link #apply} found: the redacted copy (unchanged when {@code hits} is empty), the paths
   * of the members it hit, and their listed field names (lower case).
   */
  record Result(JsonNode redacted, List<String> hits, List<String> fieldNames) {}

  private final Set<String> fields;
  private final Action action;

  private FieldRedactor(Set<String> fields, Action action) {
    this.fields = fields;
    this.action = action;
  }

  static FieldRedactor create(String guard, JsonNode config) throws GuardConfigException {
    if (config == null || !config.isObject()) {
      throw new GuardConfigException(guard + ": config must be an object with \"fields\"");
    }
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new GuardConfigException(guard + ": unknown config key \"" + k + "\"; known keys: " + String.join(", ", new TreeSet<>(KEYS)));
      }
    }
    JsonNode list = config.get("fields");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new GuardConfigException(guard + ".fields: expected a non-empty list of argument key names");
    }
    Set<String> fields = new TreeSet<>();
    int i = 0;
    for (JsonNode f : list) {
      if (!f.isTextual() || f.textValue().isBlank()) {
        throw new GuardConfigException(guard + ".fields[" + i + "]: expected a non-empty string");
      }
      fields.add(f.textValue().strip().toLowerCase(Locale.ROOT));
      i++;
    }
    JsonNode a = config.get("action");
    Action action = Action.MASK;
    if (a != null && !a.isNull()) {
      if (!a.isTextual()) {
        throw new GuardConfigException(guard + ".action: expected mask, drop or deny");
      }
      action = switch (a.textValue()) {
        case "mask" -> Action.MASK;
        case "drop" -> Action.DROP;
        case "deny" -> Action.DENY;
        default -> throw new GuardConfigException(guard + ".action: expected mask, drop or deny, got \"" + a.textValue() + "\"");
      };
    }
    return new FieldRedactor(Set.copyOf(fields), action);
  }

  Action action() {
    return action;
  }

  /** Scans {@code node} (never modified); with {@link Action#DENY} the copy is left unredacted, only the hits matter. */
  Result apply(JsonNode node) {
    List<String> hits = new ArrayList<>();
    List<String> names = new ArrayList<>();
    JsonNode copy = node.deepCopy();
    walk(copy, "$", hits, names);
    return new Result(copy, List.copyOf(hits), List.copyOf(names));
  }

  private void walk(JsonNode node, String path, List<String> hits, List<String> names) {
    if (node instanceof ObjectNode o) {
      List<String> matched = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String childPath = path + "." + e.getKey();
        String lower = e.getKey().toLowerCase(Locale.ROOT);
        if (fields.contains(lower)) {
          hits.add(childPath);
          names.add(lower);
          matched.add(e.getKey());
        } else {
          walk(e.getValue(), childPath, hits, names);
        }
      }
      for (String k : matched) {
        switch (action) {
          case MASK -> o.set(k, TextNode.valueOf(MASK));
          case DROP -> o.remove(k);
          case DENY -> {}
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        walk(arr.get(i), path + "[" + i + "]", hits, names);
      }
    }
  }
}
