package io.chio.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in gate for relay mechanics tests (framing, ids, endings): denies and hides the tools
 * it is told to, redacts one marker string, and records every admission and settlement. The
 * policy decisions themselves are tested through {@link KernelGate} with the real kernel.
 */
final class ScriptedGate implements CallGate {
  final Set<String> denied;
  final List<Call> admitted = new CopyOnWriteArrayList<>();
  final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

  ScriptedGate(String... denied) {
    this.denied = Set.of(denied);
  }

  @Override
  public boolean lists(String toolName) {
    return !denied.contains(toolName);
  }

  @Override
  public Admission admit(Call call) {
    admitted.add(call);
    if (denied.contains(call.toolName())) {
      return new Admission.Denied("tool " + call.toolName() + " is blocked", "mcp-tool", "CHIO-KERNEL-GUARD-DENIED",
          "rcpt-deny-" + call.requestId());
    }
    return new Admission.Allowed("rcpt-allow-" + call.requestId(), call);
  }

  @Override
  public Settlement settle(Admission.Allowed admitted, Outcome outcome) {
    outcomes.add(outcome);
    if (outcome instanceof Outcome.Returned r) {
      JsonNode out = r.result().deepCopy();
      JsonNode first = out.path("content").path(0);
      if (first.path("text").asText().contains("AKIA")) {
        ((ObjectNode) first).set("text", TextNode.valueOf("key=[REDACTED] done"));
      }
      return new Settlement("rcpt-final", true, out, null);
    }
    return new Settlement("rcpt-final", false, null, outcome.toString());
  }
}
