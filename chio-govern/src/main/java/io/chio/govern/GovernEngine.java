package io.chio.govern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.Decision;
import io.chio.core.receipt.GuardEvidence;
import io.chio.core.receipt.ReceiptDraft;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.core.receipt.RedactionMode;
import io.chio.kernel.pii.PiiMatch;
import io.chio.kernel.pii.PiiType;
import io.chio.kernel.pii.Redactor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The governance API over the {@code pii} detector: {@code evaluate}, {@code redact}, {@code
 * batch} and {@code health}, with the request and response shapes of Tork's serverless handlers.
 * Every evaluation — allow, modify, block, and every request that fails — produces one signed
 * {@link ChioReceipt} whose parameters hold hashes, types and counts, never the PII itself (keyed
 * HMAC digests when the policy has a redaction key, so a guessed value cannot be confirmed).
 *
 * <p>Fail closed: a body over the size limit (413), non-UTF-8 bytes, malformed or too deeply
 * nested JSON, a missing payload (400), or any internal error (500) answers with decision {@code
 * block} and the id of a signed deny receipt; nothing is passed through. Thread-safe; build one
 * per policy and reuse it (serverless handlers keep it across warm invocations).
 */
public final class GovernEngine {
  static final String SERVER = "chio-govern";
  static final String GUARD = "pii";

  private final GovernPolicy policy;
  private final ReceiptSigner signer;
  private final Clock clock;
  private final Consumer<ChioReceipt> receiptSink;
  private final ObjectMapper mapper;
  /** Why this engine refuses everything (its policy could not be loaded), or null. */
  private final String unavailable;
  private final String policyHash;

  public GovernEngine(GovernPolicy policy, ReceiptSigner signer, Clock clock, Consumer<ChioReceipt> receiptSink) {
    this(policy, signer, clock, receiptSink, null);
  }

  private GovernEngine(GovernPolicy policy, ReceiptSigner signer, Clock clock, Consumer<ChioReceipt> receiptSink, String unavailable) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.unavailable = unavailable;
    // A refusing engine evaluates under no policy; its receipts must not name one (the hash of nothing, as chio-lambda's fail-closed evaluator).
    this.policyHash = unavailable == null ? policy.hash() : Sha256.hex(new byte[0]);
    this.signer = Objects.requireNonNull(signer, "signer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.receiptSink = Objects.requireNonNull(receiptSink, "receiptSink");
    this.mapper = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(policy.limits().maxDepth()).build());
  }

  /**
   * An engine for a sidecar whose governance policy could not be loaded: every request, {@code
   * health} included, is answered 500 {@code ConfigurationError} with decision {@code block} and a
   * signed deny receipt naming {@code reason}. The default limits bound what it reads.
   */
  public static GovernEngine failClosed(String reason, ReceiptSigner signer, Clock clock, Consumer<ChioReceipt> receiptSink) {
    Objects.requireNonNull(reason, "reason");
    return new GovernEngine(GovernPolicy.defaults(), signer, clock, receiptSink, reason);
  }

  public GovernPolicy policy() {
    return policy;
  }

  /** Handles a raw request body: limits, UTF-8, JSON, then {@link #handle(JsonNode)}. */
  public GovernResponse handle(byte[] body) {
    Objects.requireNonNull(body, "body");
    if (unavailable != null) {
      return failure(500, unavailable, "ConfigurationError", "request");
    }
    int max = policy.limits().maxPayloadBytes();
    if (body.length > max) {
      return failure(413, "payload too large: " + body.length + " bytes exceeds the limit of " + max + " (limits.max_payload_bytes)",
          "PayloadTooLarge", "request");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return failure(400, "request body is not valid UTF-8", "InvalidEncoding", "request");
    }
    JsonNode request;
    try {
      request = mapper.readTree(text);
    } catch (StreamConstraintsException e) {
      return failure(400, "JSON nested deeper than " + policy.limits().maxDepth() + " levels (limits.max_depth)", "TooDeep", "request");
    } catch (JsonProcessingException e) {
      return failure(400, "Invalid JSON body", "InvalidJson", "request");
    }
    if (request == null || request.isMissingNode()) {
      return failure(400, "Invalid JSON body", "InvalidJson", "request");
    }
    return handle(request);
  }

  /** Dispatches on {@code action} (default {@code evaluate}); never throws for bad input. */
  public GovernResponse handle(JsonNode request) {
    if (unavailable != null) {
      return failure(500, unavailable, "ConfigurationError", "request");
    }
    try {
      if (!request.isObject()) {
        return failure(400, "request must be a JSON object", "InvalidRequest", "request");
      }
      if (depth(request, 0) > policy.limits().maxDepth()) {
        return failure(400, "JSON nested deeper than " + policy.limits().maxDepth() + " levels (limits.max_depth)", "TooDeep", "request");
      }
      String action = request.path("action").asText("evaluate");
      return switch (action) {
        case "evaluate" -> {
          JsonNode payload = request.get("payload");
          if (payload == null || payload.isNull()) {
            yield failure(400, "Missing payload for evaluate action", "InvalidRequest", "evaluate");
          }
          yield new GovernResponse(200, evaluate(payload, agentId(request, "default")).toJson());
        }
        case "redact" -> {
          JsonNode text = request.get("text");
          if (text == null || !text.isTextual()) {
            yield failure(400, "Missing text for redact action", "InvalidRequest", "redact");
          }
          yield new GovernResponse(200, redact(text.textValue()));
        }
        case "batch" -> batch(request);
        case "health" -> new GovernResponse(200, health());
        default -> failure(400, "Unknown action: " + action, "UnknownAction", "request");
      };
    } catch (RuntimeException e) {
      return failure(500, "internal error while evaluating (" + e.getClass().getSimpleName() + ")", e.getClass().getSimpleName(), "request");
    }
  }

  private static String agentId(JsonNode request, String dflt) {
    JsonNode a = request.get("agent_id");
    return a != null && a.isTextual() && !a.textValue().isBlank() ? a.textValue() : dflt;
  }

  /** Evaluates one payload against the policy and signs the decision. */
  public Evaluation evaluate(JsonNode payload, String agentId) {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(agentId, "agentId");
    refuseIfUnavailable();
    Walk walk = new Walk();
    JsonNode modified = walk.node(payload, "");
    String decision = walk.blocked ? "block" : walk.redacted ? "modify" : "allow";
    JsonNode out = decision.equals("block") ? null : modified;
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("action", "evaluate");
    params.put("agent_id", agentId);
    // A plain hash of a short payload ("My SSN is ...") can be confirmed by guessing; with an operator key it cannot.
    if (policy.redactionKey().isPresent()) {
      params.put("payload_hmac_sha256", digest(payload));
    } else {
      params.put("payload_sha256", digest(payload));
    }
    params.put("govern_decision", decision);
    ObjectNode types = params.putObject("pii_types");
    walk.counts.forEach(types::put);
    Decision d = decision.equals("block")
        ? Decision.deny("payload contains " + String.join(", ", walk.blockedTypes()) + " (blocked by policy)", GUARD)
        : Decision.allow();
    ChioReceipt receipt = sign(d, "evaluate", params, out, decision.equals("modify"), evidence(walk, decision));
    return new Evaluation(decision, walk.violations, out, walk.found, receipt);
  }

  private static List<GuardEvidence> evidence(Walk walk, String decision) {
    StringBuilder b = new StringBuilder(decision);
    walk.counts.forEach((k, v) -> b.append(' ').append(k).append(" x").append(v));
    return List.of(decision.equals("block") ? GuardEvidence.fail(GUARD, b.toString()) : GuardEvidence.pass(GUARD, b.toString()));
  }

  /** {@code redact}: the text with every finding redacted per policy, and the matches (no values). */
  public ObjectNode redact(String text) {
    refuseIfUnavailable();
    List<PiiMatch> matches = policy.detector().scan(text);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("redacted", Redactor.apply(text, matches, m -> policy.redactionFor(m.type())));
    ArrayNode arr = out.putArray("matches");
    for (PiiMatch m : matches) {
      arr.addObject().put("type", m.type().configName()).put("label", m.label()).put("start", m.start()).put("end", m.end())
          .put("confidence", m.confidence()).put("validator", m.validator());
    }
    return out;
  }

  private GovernResponse batch(JsonNode request) {
    JsonNode requests = request.get("requests");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      return failure(400, "No requests provided", "InvalidRequest", "batch");
    }
    if (requests.size() > policy.limits().maxBatch()) {
      return failure(413, "batch of " + requests.size() + " requests exceeds the limit of " + policy.limits().maxBatch() + " (limits.max_batch)",
          "BatchTooLarge", "batch");
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    int allowed = 0;
    int blocked = 0;
    int modified = 0;
    for (int i = 0; i < requests.size(); i++) {
      JsonNode r = requests.get(i);
      JsonNode payload = r.isObject() ? r.get("payload") : null;
      ObjectNode res;
      if (payload == null || payload.isNull()) {
        res = failureBody("Missing payload for evaluate action", "InvalidRequest", "batch");
        res.put("success", false);
      } else {
        res = evaluate(payload, agentId(r, "batch-" + i)).toJson();
        res.put("success", true);
      }
      res.put("index", i);
      switch (res.get("decision").asText()) {
        case "allow" -> allowed++;
        case "modify" -> modified++;
        default -> blocked++;
      }
      results.add(res);
    }
    out.put("processed", requests.size());
    out.putObject("summary").put("allowed", allowed).put("blocked", blocked).put("modified", modified);
    out.set("results", results);
    return new GovernResponse(200, out);
  }

  public ObjectNode health() {
    refuseIfUnavailable();
    ObjectNode h = JsonNodeFactory.instance.objectNode();
    h.put("status", "healthy");
    h.put("policy_hash", policy.hash());
    h.put("kernel_key", signer.kernelKey().toHex());
    ArrayNode types = h.putArray("types");
    policy.detector().types().stream().map(PiiType::configName).sorted().forEach(types::add);
    return h;
  }

  /** The direct entry points of a {@link #failClosed} engine throw; {@link #handle} answers 500 instead. */
  private void refuseIfUnavailable() {
    if (unavailable != null) {
      throw new IllegalStateException(unavailable);
    }
  }

  private GovernResponse failure(int status, String error, String type, String action) {
    return new GovernResponse(status, failureBody(error, type, action));
  }

  /** A block decision with a signed deny receipt, for a request that could not be evaluated. */
  private ObjectNode failureBody(String error, String type, String action) {
    ObjectNode params = JsonNodeFactory.instance.objectNode().put("action", action).put("error_type", type);
    ChioReceipt receipt = sign(Decision.deny(error, GUARD), action, params, null, false, List.of(GuardEvidence.fail(GUARD, type)));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error", error);
    body.put("error_type", type);
    body.put("decision", "block");
    body.putArray("violations").add(type);
    body.put("receipt_id", receipt.id());
    body.set("receipt", receipt.toJson());
    return body;
  }

  private ChioReceipt sign(Decision d, String tool, ObjectNode params, JsonNode output, boolean redacted, List<GuardEvidence> evidence) {
    ReceiptDraft draft = ReceiptDraft.mediated(d)
        .timestamp(clock.instant().getEpochSecond())
        .capabilityId("govern")
        .tool(SERVER, tool)
        .parameters(params)
        .contentHash(digest(output == null ? NullNode.getInstance() : output))
        .policyHash(policyHash)
        .redactionMode(redacted ? RedactionMode.REDACTED : RedactionMode.NONE)
        .evidence(evidence)
        .build();
    ChioReceipt receipt = signer.sign(draft);
    receiptSink.accept(receipt);
    return receipt;
  }

  /** SHA-256 of the canonical JSON, or its HMAC under the policy's redaction key when one is configured. */
  private String digest(JsonNode n) {
    byte[] canonical = CanonicalJson.bytes(n);
    return policy.redactionKey().map(k -> k.digestHex("chio-govern receipt digest", canonical)).orElseGet(() -> Sha256.hex(canonical));
  }

  /** Nesting depth, counted only up to just past the limit so a hostile tree cannot recurse us to death. */
  private int depth(JsonNode n, int d) {
    if (!n.isContainerNode()) {
      return d;
    }
    int max = d + 1;
    if (max > policy.limits().maxDepth()) {
      return max;
    }
    for (JsonNode c : n) {
      max = Math.max(max, depth(c, d + 1));
      if (max > policy.limits().maxDepth()) {
        return max;
      }
    }
    return max;
  }

  /** One pass over the payload: findings, violations and the redacted copy. */
  private final class Walk {
    final List<Evaluation.Found> found = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    final Map<String, Integer> counts = new TreeMap<>();
    final java.util.Set<String> blockedTypes = new java.util.TreeSet<>();
    boolean blocked;
    boolean redacted;

    List<String> blockedTypes() {
      return List.copyOf(blockedTypes);
    }

    JsonNode node(JsonNode n, String path) {
      if (n.isTextual()) {
        String s = text(n.textValue(), path);
        return s == null ? n : TextNode.valueOf(s);
      }
      if (n.isArray()) {
        ArrayNode copy = JsonNodeFactory.instance.arrayNode(n.size());
        for (int i = 0; i < n.size(); i++) {
          copy.add(node(n.get(i), path + "/" + i));
        }
        return copy;
      }
      if (n.isObject()) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String childPath = path + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
          String key = text(e.getKey(), childPath + "#key");
          JsonNode value = node(e.getValue(), childPath);
          String k = key == null ? e.getKey() : key;
          if (copy.has(k)) {
            // two keys redacting to the same label cannot both be kept; merging silently would lose data
            blocked = true;
            violations.add("redacted keys collide at " + path);
            blockedTypes.add("colliding redacted keys");
          }
          copy.set(k, value);
        }
        return copy;
      }
      return n;
    }

    /** The redacted text, or null when nothing was redacted. */
    String text(String s, String path) {
      if (s.isEmpty()) {
        return null;
      }
      List<PiiMatch> matches = policy.detector().scan(s);
      if (matches.isEmpty()) {
        return null;
      }
      boolean any = false;
      for (PiiMatch m : matches) {
        PiiAction a = policy.actionFor(m.type());
        String type = m.type().configName();
        counts.merge(type, 1, Integer::sum);
        found.add(new Evaluation.Found(type, m.label(), a == PiiAction.REDACT, a.configName(), path, m.confidence(), m.validator()));
        switch (a) {
          case ALLOW -> { }
          case REDACT -> {
            any = true;
            redacted = true;
            violations.add(type + " redacted at " + (path.isEmpty() ? "/" : path));
          }
          case BLOCK -> {
            blocked = true;
            blockedTypes.add(type);
            violations.add(type + " blocked at " + (path.isEmpty() ? "/" : path));
          }
        }
      }
      if (!any) {
        return null;
      }
      return Redactor.apply(s, matches, m -> policy.actionFor(m.type()) == PiiAction.REDACT ? policy.redactionFor(m.type()) : null);
    }
  }
}
