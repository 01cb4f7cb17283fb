package io.chio.lambda.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code chio-policy.yaml} in the seed's format:
 *
 * <pre>
 * mode: transparent            # or explicit (default)
 * evaluation:                  # dotted paths into the Lambda event (transparent mode)
 *   identity_field:  "requestContext.authorizer.principalId"
 *   tool_field:      "resource"
 *   scope_field:     "httpMethod"
 *   arguments_field: "body"
 * policy:
 *   default: deny              # or allow
 *   rules:
 *     - tool: "/api/search"
 *       scopes: ["tools:search:invoke"]
 *       guards: ["rate-limit", "pii-filter"]
 * </pre>
 *
 * Every problem is reported with {@code file:line}; nothing is guessed or skipped.
 */
public final class LambdaPolicyLoader {
  /** Larger files are refused: a policy is a page of YAML. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private static final Set<String> TOP = Set.of("mode", "evaluation", "policy");
  private static final Set<String> EVALUATION = Set.of("identity_field", "tool_field", "scope_field", "arguments_field");
  private static final Set<String> POLICY = Set.of("default", "rules");
  private static final Set<String> RULE = Set.of("tool", "scopes", "guards");

  private LambdaPolicyLoader() {}

  public static LambdaPolicy load(Path file) throws LambdaPolicyException {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new LambdaPolicyException(file + ": policy file is larger than " + MAX_FILE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new LambdaPolicyException(file + ": policy file does not exist");
    } catch (IOException e) {
      throw new LambdaPolicyException(file + ": cannot read policy file: " + e.getMessage());
    }
    return parse(bytes, file.toString());
  }

  public static LambdaPolicy parse(byte[] utf8, String source) throws LambdaPolicyException {
    Objects.requireNonNull(utf8, "utf8");
    Objects.requireNonNull(source, "source");
    if (utf8.length > MAX_FILE_BYTES) {
      throw new LambdaPolicyException(source + ": policy is larger than " + MAX_FILE_BYTES + " bytes");
    }
    LocatedYaml y = LocatedYaml.read(new String(utf8, StandardCharsets.UTF_8), source);
    JsonNode root = y.root();
    if (!root.isObject()) {
      throw new LambdaPolicyException(y.where("") + ": the policy must be a mapping with mode, evaluation and policy");
    }
    keys(y, "", root, TOP);
    LambdaPolicy.Mode mode = LambdaPolicy.Mode.EXPLICIT;
    if (root.has("mode")) {
      String m = text(y, "/mode", root.get("mode"));
      mode = switch (m) {
        case "explicit" -> LambdaPolicy.Mode.EXPLICIT;
        case "transparent" -> LambdaPolicy.Mode.TRANSPARENT;
        default -> throw new LambdaPolicyException(y.where("/mode") + ": mode must be explicit or transparent, got \"" + m + "\"");
      };
    }
    EvaluationFields ev = EvaluationFields.DEFAULTS;
    if (root.has("evaluation")) {
      JsonNode e = root.get("evaluation");
      if (!e.isObject()) {
        throw new LambdaPolicyException(y.where("/evaluation") + ": evaluation must be a mapping of *_field paths");
      }
      keys(y, "/evaluation", e, EVALUATION);
      ev = new EvaluationFields(
          path(y, e, "identity_field", ev.identityField()), path(y, e, "tool_field", ev.toolField()),
          path(y, e, "scope_field", ev.scopeField()), path(y, e, "arguments_field", ev.argumentsField()));
    }
    if (!root.has("policy")) {
      throw new LambdaPolicyException(y.where("") + ": the policy has no \"policy\" section (default and rules)");
    }
    JsonNode p = root.get("policy");
    if (!p.isObject()) {
      throw new LambdaPolicyException(y.where("/policy") + ": policy must be a mapping with default and rules");
    }
    keys(y, "/policy", p, POLICY);
    LambdaPolicy.DefaultDecision def = LambdaPolicy.DefaultDecision.DENY;
    if (p.has("default")) {
      String d = text(y, "/policy/default", p.get("default"));
      def = switch (d) {
        case "deny" -> LambdaPolicy.DefaultDecision.DENY;
        case "allow" -> LambdaPolicy.DefaultDecision.ALLOW;
        default -> throw new LambdaPolicyException(y.where("/policy/default") + ": default must be deny or allow, got \"" + d + "\"");
      };
    }
    List<Rule> rules = new ArrayList<>();
    if (p.has("rules") && !p.get("rules").isNull()) {
      JsonNode rs = p.get("rules");
      if (!rs.isArray()) {
        throw new LambdaPolicyException(y.where("/policy/rules") + ": rules must be a list");
      }
      Set<String> tools = new HashSet<>();
      for (int i = 0; i < rs.size(); i++) {
        Rule r = rule(y, "/policy/rules/" + i, rs.get(i), i);
        if (!tools.add(r.tool())) {
          throw new LambdaPolicyException(y.where("/policy/rules/" + i + "/tool") + ": tool \"" + r.tool() + "\" already has a rule above");
        }
        rules.add(r);
      }
    }
    String hash = Sha256.hex(CanonicalJson.bytes(root));
    return new LambdaPolicy(mode, ev, def, rules, source, hash);
  }

  private static Rule rule(LocatedYaml y, String ptr, JsonNode n, int index) throws LambdaPolicyException {
    if (!n.isObject()) {
      throw new LambdaPolicyException(y.where(ptr) + ": a rule must be a mapping with tool, scopes and guards");
    }
    keys(y, ptr, n, RULE);
    if (!n.has("tool")) {
      throw new LambdaPolicyException(y.where(ptr) + ": rule " + index + " has no tool");
    }
    String tool = text(y, ptr + "/tool", n.get("tool"));
    if (tool.isBlank()) {
      throw new LambdaPolicyException(y.where(ptr + "/tool") + ": tool must not be empty");
    }
    List<String> scopes = new ArrayList<>();
    if (n.has("scopes")) {
      JsonNode s = n.get("scopes");
      if (!s.isArray()) {
        throw new LambdaPolicyException(y.where(ptr + "/scopes") + ": scopes must be a list of strings");
      }
      for (int i = 0; i < s.size(); i++) {
        String v = text(y, ptr + "/scopes/" + i, s.get(i));
        if (v.isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
          throw new LambdaPolicyException(y.where(ptr + "/scopes/" + i) + ": a scope must be one non-empty word, got \"" + v + "\"");
        }
        scopes.add(v);
      }
    }
    List<Rule.GuardRef> guards = new ArrayList<>();
    if (n.has("guards")) {
      JsonNode g = n.get("guards");
      if (!g.isArray()) {
        throw new LambdaPolicyException(y.where(ptr + "/guards") + ": guards must be a list of guard names");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < g.size(); i++) {
        String gp = ptr + "/guards/" + i;
        JsonNode e = g.get(i);
        Rule.GuardRef ref;
        if (e.isTextual()) {
          ref = new Rule.GuardRef(e.textValue(), null);
        } else if (e.isObject() && e.size() == 1) {
          String name = e.fieldNames().next();
          JsonNode cfg = e.get(name);
          if (!cfg.isObject() && !cfg.isNull()) {
            throw new LambdaPolicyException(y.where(gp) + ": config of guard \"" + name + "\" must be a mapping");
          }
          ref = new Rule.GuardRef(name, cfg.isNull() ? null : cfg);
        } else {
          throw new LambdaPolicyException(y.where(gp) + ": a guard is a name, or a mapping of one name to its config");
        }
        String problem = RuleGuards.check(ref);
        if (problem != null) {
          throw new LambdaPolicyException(y.where(gp) + ": " + problem);
        }
        if (!seen.add(ref.name())) {
          throw new LambdaPolicyException(y.where(gp) + ": guard \"" + ref.name() + "\" is listed twice");
        }
        guards.add(ref);
      }
    }
    return new Rule(index, tool, scopes, guards);
  }

  private static String path(LocatedYaml y, JsonNode e, String key, String dflt) throws LambdaPolicyException {
    if (!e.has(key)) {
      return dflt;
    }
    String v = text(y, "/evaluation/" + key, e.get(key));
    if (v.isBlank() || v.startsWith(".") || v.endsWith(".") || v.contains("..")) {
      throw new LambdaPolicyException(y.where("/evaluation/" + key) + ": " + key + " must be a dotted path such as requestContext.authorizer.principalId, got \"" + v + "\"");
    }
    return v;
  }

  private static String text(LocatedYaml y, String ptr, JsonNode n) throws LambdaPolicyException {
    if (!n.isTextual()) {
      throw new LambdaPolicyException(y.where(ptr) + ": expected a string, got " + n.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return n.textValue();
  }

  private static void keys(LocatedYaml y, String ptr, JsonNode n, Set<String> allowed) throws LambdaPolicyException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new LambdaPolicyException(
            y.where(ptr + "/" + k) + ": unknown key \"" + k + "\"" + (ptr.isEmpty() ? "" : " in " + ptr.substring(1).replace('/', '.'))
                + "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }
}
