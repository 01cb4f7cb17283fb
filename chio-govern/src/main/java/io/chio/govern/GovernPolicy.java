package io.chio.govern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.kernel.pii.PiiDetector;
import io.chio.kernel.pii.PiiType;
import io.chio.kernel.pii.Redaction;
import io.chio.kernel.pii.RedactionKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A governance policy (YAML or JSON):
 *
 * <pre>
 * govern: "0.1"
 * regions: [us, uk]            # default: all
 * industries: [healthcare]     # default: none
 * min_confidence: 0.5
 * default_action: redact       # allow | redact | block, for types not under actions
 * actions: {secrets: block, ssn: block, ipv4: allow}
 * redaction: label             # label | mask | partial | hash | drop
 * redaction_by_type: {credit_card: partial}
 * redaction_key_hex: "..."     # needed by hash; never printed
 * limits: {max_payload_bytes: 1048576, max_depth: 64, max_batch: 100}
 * </pre>
 *
 * The built-in default blocks secrets and redacts every other type. Unknown keys, types,
 * actions and redactions are errors naming the key. Immutable.
 */
public final class GovernPolicy {
  private static final Set<String> KEYS = Set.of("govern", "regions", "industries", "min_confidence", "default_action", "actions",
      "redaction", "redaction_by_type", "redaction_key_hex", "limits");
  private static final Set<String> LIMIT_KEYS = Set.of("max_payload_bytes", "max_depth", "max_batch");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final PiiDetector detector;
  private final PiiAction defaultAction;
  private final Map<PiiType, PiiAction> actions;
  private final Redaction defaultRedaction;
  private final Map<PiiType, Redaction> redactions;
  private final Limits limits;
  private final String hash;
  private final RedactionKey key;

  /** Payload limits: bytes of the request body, JSON nesting depth, requests per batch. */
  public record Limits(int maxPayloadBytes, int maxDepth, int maxBatch) {
    public static final Limits DEFAULT = new Limits(1024 * 1024, 64, 100);

    public Limits {
      if (maxPayloadBytes < 1 || maxDepth < 1 || maxDepth > Json.MAX_DEPTH || maxBatch < 1) {
        throw new IllegalArgumentException("limits: max_payload_bytes and max_batch must be >= 1, max_depth in 1.." + Json.MAX_DEPTH);
      }
    }
  }

  private GovernPolicy(PiiDetector detector, PiiAction defaultAction, Map<PiiType, PiiAction> actions, Redaction defaultRedaction,
      Map<PiiType, Redaction> redactions, Limits limits, String hash, RedactionKey key) {
    this.detector = detector;
    this.defaultAction = defaultAction;
    this.actions = Map.copyOf(actions);
    this.defaultRedaction = defaultRedaction;
    this.redactions = Map.copyOf(redactions);
    this.limits = limits;
    this.hash = hash;
    this.key = key;
  }

  /** Secrets blocked, everything else redacted with type labels, default limits. */
  public static GovernPolicy defaults() {
    return parse(Json.object().put("govern", "0.1").set("actions", Json.object().put("secrets", "block")));
  }

  /**
   * Parses YAML or JSON policy text.
   *
   * @throws IllegalArgumentException with the offending key, or the line for syntax errors
   */
  public static GovernPolicy parse(byte[] yamlOrJson) {
    Objects.requireNonNull(yamlOrJson, "yamlOrJson");
    JsonNode tree;
    try {
      tree = YAML.readTree(yamlOrJson);
    } catch (IOException e) {
      String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
          ? " (line " + p.getLocation().getLineNr() + ")" : "";
      throw new IllegalArgumentException("policy is not valid YAML/JSON" + where);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("policy must be a mapping with govern: \"0.1\"");
    }
    return parse((ObjectNode) tree);
  }

  static GovernPolicy parse(ObjectNode o) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("policy: unknown key \"" + k + "\" (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
      }
    }
    if (!"0.1".equals(o.path("govern").asText(null))) {
      throw new IllegalArgumentException("policy: \"govern\" must be \"0.1\"");
    }
    PiiDetector.Builder b = PiiDetector.builder();
    try {
      if (o.has("regions")) {
        b.regions(strings(o, "regions"));
      }
      if (o.has("industries")) {
        b.industries(strings(o, "industries"));
      }
      if (o.has("min_confidence")) {
        if (!o.get("min_confidence").isNumber()) {
          throw new IllegalArgumentException("must be a number");
        }
        b.minConfidence(o.get("min_confidence").doubleValue());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy: " + e.getMessage());
    }
    PiiAction defaultAction = o.has("default_action") ? action("default_action", o.get("default_action")) : PiiAction.REDACT;
    Map<PiiType, PiiAction> actions = new EnumMap<>(PiiType.class);
    for (Map.Entry<String, JsonNode> e : fields(o, "actions")) {
      actions.put(type("actions", e.getKey()), action("actions." + e.getKey(), e.getValue()));
    }
    RedactionKey key = null;
    if (o.has("redaction_key_hex")) {
      try {
        key = RedactionKey.fromHex(o.get("redaction_key_hex").asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("policy: redaction_key_hex: " + e.getMessage());
      }
    }
    Redaction defaultRedaction = o.has("redaction") ? redaction("redaction", o.get("redaction"), key) : Redaction.label();
    Map<PiiType, Redaction> redactions = new EnumMap<>(PiiType.class);
    for (Map.Entry<String, JsonNode> e : fields(o, "redaction_by_type")) {
      redactions.put(type("redaction_by_type", e.getKey()), redaction("redaction_by_type." + e.getKey(), e.getValue(), key));
    }
    Limits limits = limits(o.get("limits"));
    // The hash identifies the policy in receipts; the key is replaced by its presence so it never leaves the process.
    ObjectNode hashed = o.deepCopy();
    if (hashed.has("redaction_key_hex")) {
      hashed.put("redaction_key_hex", "<set>");
    }
    String hash = Sha256.hex(CanonicalJson.bytes(Json.mapper().valueToTree(hashed)));
    return new GovernPolicy(b.build(), defaultAction, actions, defaultRedaction, redactions, limits, hash, key);
  }

  private static Limits limits(JsonNode l) {
    if (l == null) {
      return Limits.DEFAULT;
    }
    if (!l.isObject()) {
      throw new IllegalArgumentException("policy: limits must be a mapping");
    }
    for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!LIMIT_KEYS.contains(k)) {
        throw new IllegalArgumentException("policy: unknown key \"limits." + k + "\" (known: max_batch, max_depth, max_payload_bytes)");
      }
    }
    try {
      return new Limits(intField(l, "max_payload_bytes", Limits.DEFAULT.maxPayloadBytes()), intField(l, "max_depth", Limits.DEFAULT.maxDepth()),
          intField(l, "max_batch", Limits.DEFAULT.maxBatch()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy: " + e.getMessage());
    }
  }

  private static int intField(JsonNode l, String k, int dflt) {
    JsonNode v = l.get(k);
    if (v == null) {
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("limits." + k + " must be an integer");
    }
    return v.intValue();
  }

  private static List<String> strings(ObjectNode o, String k) {
    JsonNode v = o.get(k);
    if (!v.isArray()) {
      throw new IllegalArgumentException(k + " must be a list");
    }
    List<String> out = new ArrayList<>();
    v.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static List<Map.Entry<String, JsonNode>> fields(ObjectNode o, String k) {
    JsonNode v = o.get(k);
    if (v == null) {
      return List.of();
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("policy: " + k + " must be a mapping of type to value");
    }
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    v.fields().forEachRemaining(out::add);
    return out;
  }

  private static PiiType type(String where, String name) {
    try {
      return PiiType.parse(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy: " + where + ": " + e.getMessage());
    }
  }

  private static PiiAction action(String where, JsonNode v) {
    try {
      return PiiAction.parse(v.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy: " + where + ": " + e.getMessage());
    }
  }

  private static Redaction redaction(String where, JsonNode v, RedactionKey key) {
    try {
      return Redaction.parse(v.asText(), key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy: " + where + ": " + e.getMessage());
    }
  }

  public PiiDetector detector() {
    return detector;
  }

  public PiiAction actionFor(PiiType type) {
    return actions.getOrDefault(type, defaultAction);
  }

  public Redaction redactionFor(PiiType type) {
    return redactions.getOrDefault(type, defaultRedaction);
  }

  public Limits limits() {
    return limits;
  }

  /** The operator key, when configured: receipts then carry keyed digests of payloads instead of plain SHA-256. */
  public java.util.Optional<RedactionKey> redactionKey() {
    return java.util.Optional.ofNullable(key);
  }

  /** SHA-256 of the canonical policy (the redaction key replaced by a marker). */
  public String hash() {
    return hash;
  }

  @Override
  public String toString() {
    return "GovernPolicy{hash=" + hash + ", detector=" + detector + "}";
  }
}
