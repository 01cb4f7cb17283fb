package io.chio.kernel.guards.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.ResponseGuard;
import io.chio.kernel.guard.ResponseVerdict;
import io.chio.kernel.pii.PiiDetector;
import io.chio.kernel.pii.PiiMatch;
import io.chio.kernel.pii.PiiType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code response-sanitization} (post-invocation): finds secrets and PII in a tool's output before
 * the agent sees it. Every string of the output JSON is scanned — values at any depth (MCP {@code
 * content[].text}, {@code structuredContent}, ...) and object keys. In {@code redact} mode each
 * finding is replaced by a type label ({@code [AWS_ACCESS_KEY_REDACTED]}, {@code
 * [EMAIL_REDACTED]}); in {@code block} mode the output is withheld.
 *
 * <p>Config:
 *
 * <ul>
 *   <li>{@code enabled} (default {@code true});
 *   <li>{@code mode}: {@code redact} (default) or {@code block};
 *   <li>{@code detect} (default {@code [secrets, email, ssn, credit_card, phone]}): {@link
 *       PiiType} config names for the {@code pii} detector; {@code secrets} is every {@link
 *       SecretScanner} type; {@code ipv4} and the national ids are available but off by default
 *       ({@code ipv4} because addresses are everywhere in ordinary infrastructure output).
 * </ul>
 *
 * <p>Two keys of one object that redact to the same label cannot both be kept, so that output is
 * blocked rather than silently merged. Evidence lists finding types and counts, never values.
 */
public final class ResponseSanitizationGuard implements ResponseGuard {
  public static final String NAME = "response-sanitization";
  private static final Set<String> KEYS = Set.of("enabled", "mode", "detect");
  private static final String SECRETS = "secrets";
  private static final List<String> DEFAULT_DETECT = List.of(SECRETS, "email", "ssn", "credit_card", "phone");

  private final boolean enabled;
  private final boolean block;
  private final PiiDetector pii;

  private ResponseSanitizationGuard(boolean enabled, boolean block, PiiDetector pii) {
    this.enabled = enabled;
    this.block = block;
    this.pii = pii;
  }

  public static ResponseSanitizationGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = new ConfigReader(NAME, config, KEYS);
    boolean enabled = r.bool("enabled", true);
    String mode = r.string("mode", "redact");
    if (!mode.equals("redact") && !mode.equals("block")) {
      throw r.error("\"mode\" must be redact or block, got \"" + mode + "\"");
    }
    Set<PiiType> types = EnumSet.noneOf(PiiType.class);
    for (String d : r.strings("detect", DEFAULT_DETECT)) {
      try {
        types.add(PiiType.parse(d));
      } catch (IllegalArgumentException e) {
        throw r.error("\"detect\": " + e.getMessage());
      }
    }
    return new ResponseSanitizationGuard(enabled, mode.equals("block"), PiiDetector.of(types));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ResponseVerdict inspect(GuardContext context, JsonNode output) {
    if (!enabled) {
      return new ResponseVerdict.Pass("disabled");
    }
    if (output == null || output.isMissingNode() || output.isNull()) {
      return new ResponseVerdict.Pass("no output");
    }
    Map<String, Integer> counts = new TreeMap<>();
    JsonNode redacted;
    try {
      redacted = sanitize(output, counts);
    } catch (KeyCollisionException e) {
      return new ResponseVerdict.Blocked("tool output contains sensitive data that cannot be redacted safely", "redacted keys collide; " + describe(counts));
    }
    if (counts.isEmpty()) {
      return new ResponseVerdict.Pass("no sensitive data");
    }
    if (block) {
      return new ResponseVerdict.Blocked("tool output contains sensitive data (" + String.join(", ", counts.keySet()) + ")", describe(counts));
    }
    return new ResponseVerdict.Redacted(redacted, "redacted " + describe(counts));
  }

  private static String describe(Map<String, Integer> counts) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(e.getKey()).append(" x").append(e.getValue());
    }
    return b.toString();
  }

  private static final class KeyCollisionException extends Exception {
    private static final long serialVersionUID = 1L;

    KeyCollisionException() {
      super(null, null, false, false);
    }
  }

  /** The node with every finding replaced, or the same instance when nothing was found. */
  private JsonNode sanitize(JsonNode n, Map<String, Integer> counts) throws KeyCollisionException {
    if (n.isTextual()) {
      String s = redact(n.textValue(), counts);
      return s == null ? n : TextNode.valueOf(s);
    }
    if (n.isArray()) {
      ArrayNode copy = null;
      for (int i = 0; i < n.size(); i++) {
        JsonNode c = n.get(i);
        JsonNode r = sanitize(c, counts);
        if (r != c && copy == null) {
          copy = JsonNodeFactory.instance.arrayNode(n.size());
          for (int k = 0; k < i; k++) {
            copy.add(n.get(k));
          }
        }
        if (copy != null) {
          copy.add(r);
        }
      }
      return copy == null ? n : copy;
    }
    if (n.isObject()) {
      boolean changed = false;
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(n.size());
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = redact(e.getKey(), counts);
        JsonNode value = sanitize(e.getValue(), counts);
        changed |= key != null || value != e.getValue();
        entries.add(Map.entry(key == null ? e.getKey() : key, value));
      }
      if (!changed) {
        return n;
      }
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      Set<String> seen = new LinkedHashSet<>();
      for (Map.Entry<String, JsonNode> e : entries) {
        if (!seen.add(e.getKey())) {
          throw new KeyCollisionException();
        }
        copy.set(e.getKey(), e.getValue());
      }
      return copy;
    }
    return n;
  }

  /** The text with findings replaced by labels, or null when there were none. */
  private String redact(String text, Map<String, Integer> counts) {
    if (text.isEmpty()) {
      return null;
    }
    TreeMap<Integer, int[]> spans = new TreeMap<>();
    List<String> labels = new ArrayList<>();
    for (PiiMatch f : pii.scan(text)) {
      addSpan(spans, labels, f.start(), f.end(), f.label());
    }
    if (spans.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder(text.length());
    int pos = 0;
    for (int[] span : spans.values()) {
      String label = labels.get(span[2]);
      b.append(text, pos, span[0]).append('[').append(label).append("_REDACTED]");
      counts.merge(label, 1, Integer::sum);
      pos = span[1];
    }
    b.append(text, pos, text.length());
    return b.toString();
  }

  /** The detector already returns non-overlapping spans (a secret outranks an email inside it). */
  private static void addSpan(TreeMap<Integer, int[]> spans, List<String> labels, int start, int end, String label) {
    Map.Entry<Integer, int[]> before = spans.floorEntry(start);
    if (before != null && before.getValue()[1] > start) {
      return;
    }
    Map.Entry<Integer, int[]> after = spans.ceilingEntry(start);
    if (after != null && after.getKey() < end) {
      return;
    }
    labels.add(label);
    spans.put(start, new int[] {start, end, labels.size() - 1});
  }
}
