package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parameter constraint on a tool grant. Wire form {@code {"type": <snake_case>, "value": ...}}
 * (WIRE.md section 3); {@code governed_intent_required} has no {@code value} key at all.
 *
 * <p>A constraint type this implementation does not know parses as {@link Unknown}, which keeps the
 * original JSON and writes it back byte-for-byte, so a token carrying it still verifies. Evaluators
 * must treat {@link Unknown} as failing (fail closed): a constraint nobody can evaluate denies.
 */
public sealed interface Constraint {

  /** The wire {@code type} name. */
  String type();

  /** The wire object, e.g. {@code {"type":"path_prefix","value":"/workspace/"}}. */
  ObjectNode toJson();

  // ---- string-valued -------------------------------------------------------------------------

  record PathPrefix(String value) implements Constraint {
    public PathPrefix {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "path_prefix";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  record DomainExact(String value) implements Constraint {
    public DomainExact {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "domain_exact";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  record DomainGlob(String value) implements Constraint {
    public DomainGlob {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "domain_glob";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  record RegexMatch(String value) implements Constraint {
    public RegexMatch {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "regex_match";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  record SellerExact(String value) implements Constraint {
    public SellerExact {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "seller_exact";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  /** Maximum transaction amount in USD as a decimal string such as {@code "100.00"}. */
  record MaxTransactionAmountUsd(String value) implements Constraint {
    public MaxTransactionAmountUsd {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "max_transaction_amount_usd";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  // ---- integer-valued ------------------------------------------------------------------------

  record MaxLength(long value) implements Constraint {
    public MaxLength {
      nonNegative(value);
    }

    public String type() {
      return "max_length";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  record MaxArgsSize(long value) implements Constraint {
    public MaxArgsSize {
      nonNegative(value);
    }

    public String type() {
      return "max_args_size";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  record MaxRowsReturned(long value) implements Constraint {
    public MaxRowsReturned {
      nonNegative(value);
    }

    public String type() {
      return "max_rows_returned";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  // ---- list-valued ---------------------------------------------------------------------------

  record TableAllowlist(List<String> value) implements Constraint {
    public TableAllowlist {
      value = List.copyOf(value);
    }

    public String type() {
      return "table_allowlist";
    }

    public ObjectNode toJson() {
      return withList(type(), value);
    }
  }

  /** Forbidden columns, each {@code "table.column"}. */
  record ColumnDenylist(List<String> value) implements Constraint {
    public ColumnDenylist {
      value = List.copyOf(value);
    }

    public String type() {
      return "column_denylist";
    }

    public ObjectNode toJson() {
      return withList(type(), value);
    }
  }

  record AudienceAllowlist(List<String> value) implements Constraint {
    public AudienceAllowlist {
      value = List.copyOf(value);
    }

    public String type() {
      return "audience_allowlist";
    }

    public ObjectNode toJson() {
      return withList(type(), value);
    }
  }

  record MemoryStoreAllowlist(List<String> value) implements Constraint {
    public MemoryStoreAllowlist {
      value = List.copyOf(value);
    }

    public String type() {
      return "memory_store_allowlist";
    }

    public ObjectNode toJson() {
      return withList(type(), value);
    }
  }

  /** Regex patterns that block memory writes (compiled by the evaluator, not here). */
  record MemoryWriteDenyPatterns(List<String> value) implements Constraint {
    public MemoryWriteDenyPatterns {
      value = List.copyOf(value);
    }

    public String type() {
      return "memory_write_deny_patterns";
    }

    public ObjectNode toJson() {
      return withList(type(), value);
    }
  }

  // ---- structured ----------------------------------------------------------------------------

  /** Requests at or above this many minor units need an approval token. */
  record RequireApprovalAbove(long thresholdUnits) implements Constraint {
    public RequireApprovalAbove {
      nonNegative(thresholdUnits);
    }

    public String type() {
      return "require_approval_above";
    }

    public ObjectNode toJson() {
      ObjectNode o = tagged(type());
      o.putObject("value").put("threshold_units", thresholdUnits);
      return o;
    }
  }

  /**
   * Model routing. An empty allowlist means no allowlist; {@code minSafetyTier} is null when not
   * set and is then written as JSON {@code null} (the reference always writes the key).
   */
  record ModelConstraint(List<String> allowedModelIds, ModelSafetyTier minSafetyTier) implements Constraint {
    public ModelConstraint {
      allowedModelIds = List.copyOf(allowedModelIds);
    }

    public String type() {
      return "model_constraint";
    }

    public ObjectNode toJson() {
      ObjectNode o = tagged(type());
      ObjectNode v = o.putObject("value");
      v.set("allowed_model_ids", Wire.strings(allowedModelIds));
      if (minSafetyTier == null) {
        v.putNull("min_safety_tier");
      } else {
        v.put("min_safety_tier", minSafetyTier.wireName());
      }
      return o;
    }
  }

  /** An arbitrary key/value pair; wire value is the two-element array {@code [key, value]}. */
  record Custom(String key, String value) implements Constraint {
    public Custom {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "custom";
    }

    public ObjectNode toJson() {
      ObjectNode o = tagged(type());
      o.putArray("value").add(key).add(value);
      return o;
    }
  }

  /** Requests must carry a governed transaction intent. Wire form has no {@code value} key. */
  record GovernedIntentRequired() implements Constraint {
    public String type() {
      return "governed_intent_required";
    }

    public ObjectNode toJson() {
      return tagged(type());
    }
  }

  record OperationClass(SqlOperationClass value) implements Constraint {
    public OperationClass {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "operation_class";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value.wireName());
    }
  }

  record ContentReviewTier(ReviewTier value) implements Constraint {
    public ContentReviewTier {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "content_review_tier";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value.wireName());
    }
  }

  record RequireDualApproval(boolean value) implements Constraint {
    public String type() {
      return "require_dual_approval";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value);
    }
  }

  record MinimumRuntimeAssurance(RuntimeAssuranceTier value) implements Constraint {
    public MinimumRuntimeAssurance {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "minimum_runtime_assurance";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value.wireName());
    }
  }

  record MinimumAutonomyTier(AutonomyTier value) implements Constraint {
    public MinimumAutonomyTier {
      Objects.requireNonNull(value, "value");
    }

    public String type() {
      return "minimum_autonomy_tier";
    }

    public ObjectNode toJson() {
      return tagged(type()).put("value", value.wireName());
    }
  }

  /**
   * A constraint type this implementation does not understand. The original JSON object is kept
   * and re-serialised unchanged. Evaluators MUST treat it as failing (fail closed).
   */
  record Unknown(String type, JsonNode raw) implements Constraint {
    public Unknown {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(raw, "raw");
      if (KNOWN_TYPES.contains(type)) {
        throw new IllegalArgumentException("constraint type \"" + type + "\" is known; parse it instead");
      }
      if (!raw.isObject() || !type.equals(raw.path("type").textValue())) {
        throw new IllegalArgumentException("raw must be a constraint object whose type is \"" + type + "\"");
      }
      raw = raw.deepCopy();
    }

    /** A copy of the original JSON; the record never hands out its own node. */
    @Override
    public JsonNode raw() {
      return raw.deepCopy();
    }

    public ObjectNode toJson() {
      return (ObjectNode) raw.deepCopy();
    }
  }

  // ---- tier enums ----------------------------------------------------------------------------

  enum SqlOperationClass implements Wire.Named {
    READ_ONLY("read_only"),
    READ_WRITE("read_write"),
    ADMIN("admin");

    private final String wireName;

    SqlOperationClass(String w) {
      wireName = w;
    }

    public String wireName() {
      return wireName;
    }
  }

  enum ReviewTier implements Wire.Named {
    NONE("none"),
    BASIC("basic"),
    STRICT("strict");

    private final String wireName;

    ReviewTier(String w) {
      wireName = w;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Ordered from weakest to strongest. */
  enum ModelSafetyTier implements Wire.Named {
    LOW("low"),
    STANDARD("standard"),
    HIGH("high"),
    RESTRICTED("restricted");

    private final String wireName;

    ModelSafetyTier(String w) {
      wireName = w;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Ordered from weakest to strongest. */
  enum RuntimeAssuranceTier implements Wire.Named {
    NONE("none"),
    BASIC("basic"),
    ATTESTED("attested"),
    VERIFIED("verified");

    private final String wireName;

    RuntimeAssuranceTier(String w) {
      wireName = w;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Ordered from least to most autonomous. */
  enum AutonomyTier implements Wire.Named {
    DIRECT("direct"),
    DELEGATED("delegated"),
    AUTONOMOUS("autonomous");

    private final String wireName;

    AutonomyTier(String w) {
      wireName = w;
    }

    public String wireName() {
      return wireName;
    }
  }

  // ---- parsing -------------------------------------------------------------------------------

  /** Every constraint type name this implementation evaluates; anything else parses as {@link Unknown}. */
  Set<String> KNOWN_TYPES =
      Set.of(
          "path_prefix", "domain_exact", "domain_glob", "regex_match", "seller_exact",
          "max_transaction_amount_usd", "max_length", "max_args_size", "max_rows_returned",
          "table_allowlist", "column_denylist", "audience_allowlist", "memory_store_allowlist",
          "memory_write_deny_patterns", "require_approval_above", "model_constraint", "custom",
          "governed_intent_required", "operation_class", "content_review_tier",
          "require_dual_approval", "minimum_runtime_assurance", "minimum_autonomy_tier");

  /** Parses one constraint object; {@code path} names it in errors. */
  public static Constraint fromJson(JsonNode n, String path) {
    Fields.asObject(n, path);
    String type = Fields.text(n, "type", path);
    if (!KNOWN_TYPES.contains(type)) {
      return new Unknown(type, n);
    }
    if (type.equals("governed_intent_required")) {
      Fields.onlyKnown(n, Set.of("type"), path);
      return new GovernedIntentRequired();
    }
    Fields.onlyKnown(n, Set.of("type", "value"), path);
    JsonNode v = Wire.required(n, "value", path);
    String vp = path + ".value";
    return switch (type) {
      case "path_prefix" -> new PathPrefix(Fields.asText(v, vp));
      case "domain_exact" -> new DomainExact(Fields.asText(v, vp));
      case "domain_glob" -> new DomainGlob(Fields.asText(v, vp));
      case "regex_match" -> new RegexMatch(Fields.asText(v, vp));
      case "seller_exact" -> new SellerExact(Fields.asText(v, vp));
      case "max_transaction_amount_usd" -> new MaxTransactionAmountUsd(decimal(v, vp));
      case "max_length" -> new MaxLength(Fields.asU63(v, vp));
      case "max_args_size" -> new MaxArgsSize(Fields.asU63(v, vp));
      case "max_rows_returned" -> new MaxRowsReturned(Fields.asU63(v, vp));
      case "table_allowlist" -> new TableAllowlist(Wire.stringList(v, vp));
      case "column_denylist" -> new ColumnDenylist(Wire.stringList(v, vp));
      case "audience_allowlist" -> new AudienceAllowlist(Wire.stringList(v, vp));
      case "memory_store_allowlist" -> new MemoryStoreAllowlist(Wire.stringList(v, vp));
      case "memory_write_deny_patterns" -> new MemoryWriteDenyPatterns(Wire.stringList(v, vp));
      case "require_approval_above" -> {
        Fields.asObject(v, vp);
        Fields.onlyKnown(v, Set.of("threshold_units"), vp);
        yield new RequireApprovalAbove(Fields.u63(v, "threshold_units", vp));
      }
      case "model_constraint" -> modelConstraint(v, vp);
      case "custom" -> {
        List<String> kv = Wire.stringList(v, vp);
        if (kv.size() != 2) {
          throw new ChioFormatException(vp + ": expected a two-element array [key, value], got " + kv.size() + " elements");
        }
        yield new Custom(kv.get(0), kv.get(1));
      }
      case "operation_class" -> new OperationClass(Wire.named(SqlOperationClass.class, v, vp));
      case "content_review_tier" -> new ContentReviewTier(Wire.named(ReviewTier.class, v, vp));
      case "require_dual_approval" -> {
        if (!v.isBoolean()) {
          throw Fields.wrong(vp, "a boolean", v);
        }
        yield new RequireDualApproval(v.booleanValue());
      }
      case "minimum_runtime_assurance" -> new MinimumRuntimeAssurance(Wire.named(RuntimeAssuranceTier.class, v, vp));
      case "minimum_autonomy_tier" -> new MinimumAutonomyTier(Wire.named(AutonomyTier.class, v, vp));
      default -> throw new IllegalStateException("unhandled known constraint type " + type);
    };
  }

  private static ModelConstraint modelConstraint(JsonNode v, String vp) {
    Fields.asObject(v, vp);
    Fields.onlyKnown(v, Set.of("allowed_model_ids", "min_safety_tier"), vp);
    List<String> ids = Wire.stringList(Wire.required(v, "allowed_model_ids", vp), vp + ".allowed_model_ids");
    JsonNode tier = v.get("min_safety_tier");
    ModelSafetyTier t =
        tier == null || tier.isNull() ? null : Wire.named(ModelSafetyTier.class, tier, vp + ".min_safety_tier");
    return new ModelConstraint(ids, t);
  }

  private static String decimal(JsonNode v, String vp) {
    String s = Fields.asText(v, vp);
    if (!s.matches("[0-9]+(\\.[0-9]+)?")) {
      throw new ChioFormatException(vp + ": expected a non-negative decimal string such as \"100.00\", got \"" + s + "\"");
    }
    return s;
  }

  private static ObjectNode tagged(String type) {
    ObjectNode o = Json.object();
    o.put("type", type);
    return o;
  }

  private static ObjectNode withList(String type, List<String> values) {
    ObjectNode o = tagged(type);
    o.set("value", Wire.strings(values));
    return o;
  }

  private static void nonNegative(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("value must not be negative: " + v);
    }
  }
}
