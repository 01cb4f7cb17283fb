package io.chio.lambda.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.pii.PiiDetector;
import io.chio.kernel.pii.PiiMatch;
import io.chio.kernel.pii.PiiType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The seed's {@code pii-filter}: denies a call whose arguments (any string, at any depth, keys
 * included) carry PII the kernel's {@code pii} detector finds: emails, SSNs, payment cards, phone numbers.
 */
final class PiiFilterGuard implements Guard {
  static final String NAME = "pii-filter";
  private static final int MAX_NODES = 100_000;

  private final PiiDetector scanner = PiiDetector.of(List.of(PiiType.EMAIL, PiiType.SSN, PiiType.CREDIT_CARD, PiiType.PHONE));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(context.call().arguments());
    int seen = 0;
    while (!todo.isEmpty()) {
      if (++seen > MAX_NODES) {
        return GuardResult.deny("arguments too large to scan for PII (fail-closed)");
      }
      JsonNode n = todo.pop();
      if (n.isTextual()) {
        List<PiiMatch> found = scanner.scan(n.textValue());
        if (!found.isEmpty()) {
          return GuardResult.deny("arguments contain PII (" + found.get(0).type().configName() + ")");
        }
      } else if (n.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          todo.push(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()));
          todo.push(e.getValue());
        }
      } else if (n.isArray()) {
        n.forEach(todo::push);
      }
    }
    return GuardResult.allow("no PII in the arguments");
  }
}
