package io.chio.govern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.receipt.ChioReceipt;
import java.util.List;
import java.util.Objects;

/**
 * One governance decision: {@code allow}, {@code modify} (something was redacted) or {@code
 * block}; the violations, the payload to forward (null when blocked), the findings (types and
 * where, never values) and the signed receipt.
 */
public record Evaluation(String decision, List<String> violations, JsonNode modifiedPayload, List<Found> piiFound, ChioReceipt receipt) {
  public Evaluation {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(receipt, "receipt");
    violations = List.copyOf(violations);
    piiFound = List.copyOf(piiFound);
  }

  /** A finding as reported: {@code redacted} says whether it was replaced in {@code modified_payload}. */
  public record Found(String type, String label, boolean redacted, String action, String path, double confidence, String validator) {}

  /** The Tork-compatible response body, plus the full receipt for offline verification. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("decision", decision);
    ArrayNode v = o.putArray("violations");
    violations.forEach(v::add);
    o.set("modified_payload", modifiedPayload == null ? JsonNodeFactory.instance.nullNode() : modifiedPayload);
    ArrayNode p = o.putArray("pii_found");
    for (Found f : piiFound) {
      p.addObject().put("type", f.type()).put("redacted", f.redacted()).put("action", f.action()).put("path", f.path())
          .put("confidence", f.confidence()).put("validator", f.validator());
    }
    o.put("receipt_id", receipt.id());
    o.set("receipt", receipt.toJson());
    return o;
  }
}
