package io.chio.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.lambda.policy.EvaluationFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the bodies of {@code POST /v1/evaluate}: the explicit form {@code {tool, scope, arguments,
 * identity, capability?}} and the transparent form {@code {event}} (projected with the policy's
 * {@code evaluation.*_field} paths). Anything else is a {@link Parsed.Bad} with a message that says
 * what to send instead.
 */
public final class CallParser {
  public static final int MAX_TOOL_LENGTH = 512;
  private static final Set<String> EXPLICIT_FIELDS = Set.of("tool", "scope", "arguments", "identity", "capability");

  private CallParser() {}

  /** A body read as a call, or why it could not be. */
  public sealed interface Parsed permits Parsed.Call, Parsed.Bad {
    record Call(EvaluateRequest request) implements Parsed {}

    /** {@code tool} and {@code identity} as far as they could be read (for the deny receipt), else null. */
    record Bad(String message, String tool, String identity) implements Parsed {}
  }

  /**
   * @param headerCapability the {@code X-Chio-Capability} header, or null
   * @param fields the policy's projection (transparent mode), or null when the policy is explicit
   */
  public static Parsed parse(byte[] body, String headerCapability, EvaluationFields fields, String requestId) {
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (ChioFormatException | IllegalArgumentException e) {
      return new Parsed.Bad("body is not valid JSON: " + e.getMessage(), null, null);
    }
    if (!root.isObject()) {
      return new Parsed.Bad("body must be a JSON object {tool, scope, arguments, identity, capability?}", null, null);
    }
    if (root.has("event")) {
      if (root.size() != 1) {
        return new Parsed.Bad("a transparent-mode body is {\"event\": <the Lambda event>} and nothing else", null, null);
      }
      if (fields == null) {
        return new Parsed.Bad("the policy's mode is explicit: send {tool, scope, arguments, identity}, not an event", null, null);
      }
      return project(root.get("event"), headerCapability, fields, requestId);
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!EXPLICIT_FIELDS.contains(k)) {
        return new Parsed.Bad("unknown field \"" + k + "\"; an evaluate body has tool, scope, arguments, identity, capability", text(root.get("tool")),
            null);
      }
    }
    JsonNode tool = root.get("tool");
    String identity = identity(root.get("identity"));
    if (tool == null || !tool.isTextual() || tool.textValue().isBlank()) {
      return new Parsed.Bad("\"tool\" is required: a non-empty string naming the tool", null, identity);
    }
    if (tool.textValue().length() > MAX_TOOL_LENGTH) {
      return new Parsed.Bad("\"tool\" is longer than " + MAX_TOOL_LENGTH + " characters", null, identity);
    }
    List<String> scopes = new ArrayList<>();
    String scopeProblem = scopes(root.get("scope"), scopes);
    if (scopeProblem != null) {
      return new Parsed.Bad(scopeProblem, tool.textValue(), identity);
    }
    identityScopes(root.get("identity"), scopes);
    JsonNode capNode = root.get("capability");
    byte[] capability;
    if (capNode != null && !capNode.isNull() && headerCapability != null) {
      return new Parsed.Bad("capability presented twice (body and X-Chio-Capability); present exactly one", tool.textValue(), identity);
    }
    if (capNode != null && !capNode.isNull()) {
      if (capNode.isObject()) {
        capability = capNode.toString().getBytes(StandardCharsets.UTF_8);
      } else if (capNode.isTextual()) {
        capability = presented(capNode.textValue());
      } else {
        capability = null;
      }
      if (capability == null) {
        return new Parsed.Bad("\"capability\" must be the token JSON (object or string) or base64url of it", tool.textValue(), identity);
      }
    } else if (headerCapability != null) {
      capability = presented(headerCapability);
      if (capability == null) {
        return new Parsed.Bad("X-Chio-Capability must be the token JSON or base64url of it", tool.textValue(), identity);
      }
    } else {
      capability = null;
    }
    return new Parsed.Call(new EvaluateRequest(tool.textValue(), scopes, arguments(root.get("arguments")), identity, capability, requestId));
  }

  /** Transparent mode: the call is read out of the event at the policy's dotted paths. */
  public static Parsed project(JsonNode event, String headerCapability, EvaluationFields f, String requestId) {
    if (event == null || !event.isObject()) {
      return new Parsed.Bad("the event must be a JSON object", null, null);
    }
    String identity = identity(at(event, f.identityField()));
    JsonNode tool = at(event, f.toolField());
    if (tool == null || !tool.isTextual() || tool.textValue().isBlank()) {
      return new Parsed.Bad("the event has no tool at \"" + f.toolField() + "\" (evaluation.tool_field)", null, identity);
    }
    List<String> scopes = new ArrayList<>();
    String problem = scopes(at(event, f.scopeField()), scopes);
    if (problem != null) {
      return new Parsed.Bad(problem + " (at evaluation.scope_field \"" + f.scopeField() + "\")", tool.textValue(), identity);
    }
    identityScopes(at(event, f.identityField()), scopes);
    // The authorizer context around the identity (requestContext.authorizer) carries its scope claims.
    String idPath = f.identityField();
    if (idPath != null && idPath.contains(".")) {
      identityScopes(at(event, idPath.substring(0, idPath.lastIndexOf('.'))), scopes);
    }
    String presented = headerCapability != null ? headerCapability : eventHeader(event, "x-chio-capability");
    byte[] capability = null;
    if (presented != null) {
      capability = presented(presented);
      if (capability == null) {
        return new Parsed.Bad("X-Chio-Capability must be the token JSON or base64url of it", tool.textValue(), identity);
      }
    }
    return new Parsed.Call(new EvaluateRequest(tool.textValue(), scopes, arguments(at(event, f.argumentsField())), identity, capability,
        requestId));
  }

  /** The node at a dotted path ({@code a.b.0.c}; numbers index arrays), or null. */
  public static JsonNode at(JsonNode root, String path) {
    if (path == null) {
      return null;
    }
    JsonNode n = root;
    for (String seg : path.split("\\.", -1)) {
      if (n == null) {
        return null;
      }
      if (n.isArray() && seg.chars().allMatch(Character::isDigit) && !seg.isEmpty()) {
        n = n.get(Integer.parseInt(seg));
      } else {
        n = n.isObject() ? n.get(seg) : null;
      }
    }
    return n == null || n.isMissingNode() || n.isNull() ? null : n;
  }

  private static String eventHeader(JsonNode event, String lowerName) {
    JsonNode h = event.get("headers");
    if (h != null && h.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equalsIgnoreCase(lowerName) && e.getValue().isTextual()) {
          return e.getValue().textValue();
        }
      }
    }
    return null;
  }

  /** Scope as a string (whitespace or commas separate several) or an array of strings. */
  private static String scopes(JsonNode n, List<String> out) {
    if (n == null) {
      return null;
    }
    if (n.isTextual()) {
      for (String s : n.textValue().split("[\\s,]+")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
      return null;
    }
    if (n.isArray()) {
      for (JsonNode e : n) {
        if (!e.isTextual()) {
          return "\"scope\" must be a string or an array of strings";
        }
        out.add(e.textValue());
      }
      return null;
    }
    return "\"scope\" must be a string or an array of strings";
  }

  /** Scope claims an authorizer put in the identity ({@code scope}, {@code scopes}, {@code claims.scope}). */
  private static void identityScopes(JsonNode identity, List<String> out) {
    if (identity == null || !identity.isObject()) {
      return;
    }
    for (String path : List.of("scope", "scopes", "claims.scope", "jwt.claims.scope")) {
      scopes(at(identity, path), out);
    }
  }

  /**
   * The caller as one string: a string identity as is; an authorizer object by its {@code
   * principalId} (or {@code principal_id}, {@code sub}, {@code claims.sub}), else the SHA-256 of
   * its canonical JSON.
   */
  public static String identity(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isNumber() || n.isBoolean()) {
      return n.asText();
    }
    if (n.isObject()) {
      for (String p : List.of("principalId", "principal_id", "sub", "claims.sub", "jwt.claims.sub")) {
        JsonNode v = at(n, p);
        if (v != null && v.isTextual()) {
          return v.textValue();
        }
      }
    }
    try {
      return "sha256:" + Sha256.hex(CanonicalJson.bytes(n));
    } catch (RuntimeException e) {
      return "sha256:" + Sha256.hex(n.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Arguments as an object: an object as is, a string holding a JSON object parsed, anything else under {@code body}. */
  static ObjectNode arguments(JsonNode n) {
    if (n == null || n.isNull()) {
      return Json.object();
    }
    if (n.isObject()) {
      return (ObjectNode) n;
    }
    if (n.isTextual()) {
      String t = n.textValue().strip();
      if (t.startsWith("{")) {
        try {
          JsonNode parsed = Json.parse(t);
          if (parsed.isObject()) {
            return (ObjectNode) parsed;
          }
        } catch (ChioFormatException | IllegalArgumentException e) {
          // Not JSON after all: kept as text below.
        }
      }
    }
    ObjectNode o = Json.object();
    o.set("body", n);
    return o;
  }

  /** The token JSON bytes from a presented value: JSON text or base64url of it; null when neither. */
  public static byte[] presented(String value) {
    String v = value.strip();
    if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
      v = v.substring(7).strip();
    }
    if (v.startsWith("{")) {
      return v.getBytes(StandardCharsets.UTF_8);
    }
    try {
      byte[] decoded = Base64.getUrlDecoder().decode(v);
      return decoded.length > 0 && decoded[0] == '{' ? decoded : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String text(JsonNode n) {
    return n != null && n.isTextual() ? n.textValue() : null;
  }
}
