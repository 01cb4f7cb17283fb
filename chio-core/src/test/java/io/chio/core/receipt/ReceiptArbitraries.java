package io.chio.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators for random, consistent receipts: odd strings, nested parameters, every decision. */
final class ReceiptArbitraries {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ReceiptArbitraries() {}

  /** Strings with control characters, quotes, backslashes, non-ASCII, U+2028 and astral characters. */
  static Arbitrary<String> text() {
    Arbitrary<String> bmp =
        Arbitraries.strings()
            .withCharRange('\u0000', '\u00ff')
            .withCharRange('\u2000', '\u206f')
            .withChars('"', '\\', '/', '\u4e2d')
            .ofMaxLength(10);
    return Combinators.combine(bmp, Arbitraries.of("", "😀", "\ud834\udd1e")).as((a, b) -> a + b);
  }

  static Arbitrary<JsonNode> json() {
    Arbitrary<JsonNode> leaf =
        Arbitraries.oneOf(
            text().map(F::textNode),
            Arbitraries.longs().map(F::numberNode),
            Arbitraries.doubles().between(-1e30, 1e30).map(F::numberNode),
            Arbitraries.of(true, false).map(F::booleanNode),
            Arbitraries.just(F.nullNode()));
    return Arbitraries.recursive(() -> leaf, ReceiptArbitraries::container, 0, 3);
  }

  private static Arbitrary<JsonNode> container(Arbitrary<JsonNode> element) {
    Arbitrary<JsonNode> array =
        element.list().ofMaxSize(3).map(list -> {
          ArrayNode a = F.arrayNode();
          list.forEach(a::add);
          return a;
        });
    Arbitrary<JsonNode> object =
        Arbitraries.maps(text(), element).ofMaxSize(3).map(map -> {
          ObjectNode o = F.objectNode();
          map.forEach(o::set);
          return o;
        });
    return Arbitraries.oneOf(array, object);
  }

  static Arbitrary<Decision> decisions() {
    return Arbitraries.oneOf(
        Arbitraries.just(Decision.allow()),
        Combinators.combine(text(), text()).as(Decision::deny),
        text().map(Decision::cancelled),
        text().map(Decision::incomplete));
  }

  static Arbitrary<ReceiptDraft.Builder> kinds() {
    Arbitrary<ObservationOutcome> outcomes = Arbitraries.of(ObservationOutcome.class);
    return Arbitraries.oneOf(
        decisions().map(ReceiptDraft::mediated),
        outcomes.map(ReceiptDraft::traceObservation),
        outcomes.map(ReceiptDraft::advisoryEvaluation));
  }

  static Arbitrary<GuardEvidence> evidence() {
    return Combinators.combine(text(), Arbitraries.of(true, false), text().injectNull(0.5)).as(GuardEvidence::new);
  }

  static Arbitrary<ActorRef> actors() {
    return Combinators.combine(text(), text().injectNull(0.5)).as(ActorRef::new);
  }

  static Arbitrary<ReceiptDraft> drafts() {
    Arbitrary<ReceiptDraft.Builder> base =
        Combinators.combine(
                kinds(),
                Arbitraries.longs().between(0, 1L << 40),
                text(),
                text(),
                text(),
                json(),
                json().injectNull(0.3),
                text())
            .as((b, ts, cap, server, tool, params, output, policy) ->
                b.timestamp(ts).capabilityId(cap).tool(server, tool).parameters(params).toolOutput(output).policyHash(policy));
    return Combinators.combine(
            base,
            evidence().list().ofMaxSize(3),
            actors().list().ofMaxSize(2),
            json().injectNull(0.5),
            text().injectNull(0.7),
            Arbitraries.of(ToolOrigin.class),
            Arbitraries.of(RedactionMode.class))
        .as((b, ev, actors, meta, tenant, origin, redaction) ->
            b.evidence(ev).actorChain(List.copyOf(actors)).metadata(meta).tenantId(tenant).toolOrigin(origin)
                .redactionMode(redaction).build());
  }
}
