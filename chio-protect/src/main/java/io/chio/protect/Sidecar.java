package io.chio.protect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.Json;
import io.chio.core.receipt.GuardEvidence;
import io.chio.core.receipt.HttpMethod;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.govern.GovernResponse;
import io.chio.govern.GovernService;
import io.chio.kernel.store.StoreException;
import io.chio.protect.route.MalformedRequestException;
import io.chio.protect.route.RequestTarget;
import io.chio.protect.route.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The endpoints chio answers itself, under reserved prefixes that are never forwarded: {@code GET
 * /chio/health} (open), and behind the control token ({@code Authorization: Bearer <token>}):
 * {@code POST /chio/evaluate}, {@code POST /chio/verify}, {@code POST /chio/govern}, {@code GET
 * /chio/manifest}, {@code GET /approvals/pending}, {@code GET /approvals/{id}}, {@code POST
 * /approvals/{id}/respond}.
 *
 * <p>{@code /chio/govern} is the governance API the Lambda extension serves as {@code /v1/govern}:
 * here every path outside the reserved prefixes is the upstream's, so it lives under {@code /chio/}
 * rather than shadowing an upstream {@code /v1/govern}, and behind the control token because its
 * answers (findings, a redacted payload, signed receipts) are for the operator's own services.
 */
final class Sidecar {
  private static final int MAX_BODY = 1024 * 1024;

  private final ProtectConfig config;
  private final HttpAuthority authority;
  private final ReceiptIssuer issuer;
  private final HttpApprovals approvals;
  private final DecisionDrafts drafts;
  private final LongSupplier clock;
  private final byte[] tokenHash;
  private final GovernService govern;

  /** Builds receipt drafts the way the proxy does (the proxy handler is created after the sidecar). */
  interface DecisionDrafts {
    io.chio.core.receipt.HttpReceiptDraft decisionDraft(Evaluation ev, long nowMs);
  }

  Sidecar(ProtectConfig config, HttpAuthority authority, ReceiptIssuer issuer, HttpApprovals approvals, DecisionDrafts drafts) {
    this.config = config;
    this.authority = authority;
    this.issuer = issuer;
    this.approvals = approvals;
    this.drafts = drafts;
    this.clock = config.clockMillis();
    this.tokenHash = config.controlToken() == null ? null : Sha256.digest(config.controlToken());
    this.govern = GovernService.lazy(config.governPolicy(), new ReceiptSigner(config.kernelKey()), new MillisClock(clock), config.receiptLog());
  }

  static boolean isReserved(RequestTarget target) {
    String first = target.segments().get(0);
    return first.equals("chio") || first.equals("approvals");
  }

  void handle(HttpMethod method, RequestTarget target, Request request, Response response, Callback callback) {
    List<String> seg = target.segments();
    String joined = String.join("/", seg);
    if (method == HttpMethod.GET && joined.equals("chio/health")) {
      ObjectNode o =
          Json.object()
              .put("status", "healthy")
              .put("server_id", config.serverId())
              .put("kernel_key", config.kernelPublicKey().toHex())
              .put("policy_hash", config.spec().policyHash());
      Replies.json(response, callback, 200, o, null);
      return;
    }
    if (!authorized(request.getHeaders())) {
      closeUnreadBody(request, response);
      Replies.error(
          response, callback,
          new Denial(
              401, "chio_control_unauthorized",
              tokenHash == null
                  ? "control endpoints are disabled: start chio with --control-token-file"
                  : "control endpoints need Authorization: Bearer <control token>",
              "http-control", null),
          null, null);
      return;
    }
    if (method == HttpMethod.POST && joined.equals("chio/evaluate")) {
      withBody(request, response, callback, body -> evaluate(body, response, callback));
    } else if (method == HttpMethod.POST && joined.equals("chio/govern")) {
      govern(request, response, callback);
    } else if (method == HttpMethod.POST && joined.equals("chio/verify")) {
      withBody(request, response, callback, body -> verify(body, response, callback));
    } else if (method == HttpMethod.GET && joined.equals("chio/manifest")) {
      Replies.json(response, callback, 200, manifest(), null);
    } else if (method == HttpMethod.GET && joined.equals("approvals/pending")) {
      long now = clock.getAsLong() / 1000;
      ArrayNode list = Json.mapper().createArrayNode();
      approvals.pending(now).forEach(a -> list.add(a.toJson(now)));
      Replies.json(response, callback, 200, Json.object().set("pending", list), null);
    } else if (method == HttpMethod.GET && seg.size() == 2 && seg.get(0).equals("approvals")) {
      long now = clock.getAsLong() / 1000;
      Optional<HttpApprovals.Approval> a = approvals.get(seg.get(1));
      if (a.isEmpty()) {
        notFound(response, callback, "no approval " + seg.get(1));
      } else {
        Replies.json(response, callback, 200, a.get().toJson(now), null);
      }
    } else if (method == HttpMethod.POST && seg.size() == 3 && seg.get(0).equals("approvals") && seg.get(2).equals("respond")) {
      withBody(request, response, callback, body -> respond(seg.get(1), body, response, callback));
    } else {
      closeUnreadBody(request, response);
      notFound(response, callback, "no control endpoint " + method.wire() + " /" + joined);
    }
  }

  /**
   * A refusal that leaves a request body unread ends the connection: Jetty cannot reuse it with
   * body bytes still in flight and closes it after the response, so the response says so, and a
   * client never sends its next request down a connection that is about to close.
   */
  private static void closeUnreadBody(Request request, Response response) {
    HttpFields h = request.getHeaders();
    if (h.getLongField(HttpHeader.CONTENT_LENGTH) > 0 || h.contains(HttpHeader.TRANSFER_ENCODING)) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  private boolean authorized(HttpFields headers) {
    if (tokenHash == null) {
      return false;
    }
    List<String> values = headers.getValuesList(HttpHeader.AUTHORIZATION);
    if (values.size() != 1) {
      return false;
    }
    String v = values.get(0).strip();
    if (!v.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = Sha256.digest(v.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(given, tokenHash);
  }

  private interface BodyHandler {
    void accept(byte[] body);
  }

  private static void withBody(Request request, Response response, Callback callback, BodyHandler handler) {
    if (request.getLength() > MAX_BODY) {
      Replies.error(response, callback, new Denial(413, Denial.BAD_REQUEST, "control request body too large", "http-control", null), null, null);
      return;
    }
    Content.Source.asByteArrayAsync(request, MAX_BODY)
        .whenComplete(
            (body, failure) -> {
              if (failure != null) {
                Replies.error(response, callback, Denial.badRequest("could not read the request body", "http-control"), null, null);
              } else {
                try {
                  handler.accept(body);
                } catch (RuntimeException e) {
                  Replies.error(response, callback, Denial.failed("control request failed: " + e.getMessage(), "http-control"), null, null);
                }
              }
            });
  }

  /**
   * Answers exactly what the governance engine answers; its receipts are in the proxy's receipt
   * log before the answer is written. The body is read (blocking, this handler may block) only up to
   * the governance policy's limit.
   */
  private void govern(Request request, Response response, Callback callback) {
    GovernResponse r;
    try (InputStream in = Content.Source.asInputStream(request)) {
      r = govern.handle(in);
    } catch (IOException e) {
      ObjectNode o = Json.object().put("error", "could not read the request body").put("error_type", "InvalidRequest").put("decision", "block");
      Replies.json(response, callback, 400, o, null);
      return;
    }
    JsonNode id = r.body().get("receipt_id");
    Replies.json(response, callback, r.status(), r.body(), id != null && id.isTextual() ? id.textValue() : null);
  }

  private static void notFound(Response response, Callback callback, String message) {
    Replies.error(response, callback, new Denial(404, "chio_not_found", message, "http-control", null), null, null);
  }

  /**
   * {@code {"method", "path" (with optional ?query), "headers"?: {name: value}, "body"?: text}}:
   * evaluated exactly as the proxy would, but as a dry run (no budget spent, no approval opened).
   * The signed decision receipt is logged and returned.
   */
  private void evaluate(byte[] bytes, Response response, Callback callback) {
    ObjectNode req;
    HttpMethod method;
    RequestTarget target;
    HttpFields.Mutable headers = HttpFields.build();
    byte[] body;
    try {
      req = Json.parseObject(bytes, "evaluation request");
      method = ProxyHandler.method(text(req, "method"));
      if (method == null) {
        throw new ChioFormatException("method: not one of GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE");
      }
      String pathAndQuery = text(req, "path");
      int q = pathAndQuery.indexOf('?');
      target = RequestTarget.parse(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q), q < 0 ? null : pathAndQuery.substring(q + 1));
      JsonNode h = req.get("headers");
      if (h != null) {
        if (!h.isObject()) {
          throw new ChioFormatException("headers: must be an object of name to string value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isTextual()) {
            throw new ChioFormatException("headers." + e.getKey() + ": must be a string");
          }
          headers.add(e.getKey(), e.getValue().textValue());
        }
      }
      JsonNode b = req.get("body");
      if (b != null && !b.isTextual()) {
        throw new ChioFormatException("body: must be a string");
      }
      body = b == null ? new byte[0] : b.textValue().getBytes(StandardCharsets.UTF_8);
    } catch (ChioFormatException | MalformedRequestException e) {
      Replies.error(response, callback, Denial.badRequest("invalid evaluation request: " + e.getMessage(), "http-control"), null, null);
      return;
    }
    long nowMs = clock.getAsLong();
    HttpCall call =
        new HttpCall(
            method, target, ProxyHandler.caller(headers), body, ProxyHandler.capabilities(headers, target),
            headers.get(Headers.APPROVAL_ID), headers.get(Headers.COST));
    Evaluation ev = authority.evaluate(call, nowMs / 1000, true);
    HttpReceipt receipt;
    try {
      receipt = issuer.issue(drafts.decisionDraft(ev, nowMs), ev.subjectHex(), null);
    } catch (StoreException | RuntimeException e) {
      Replies.error(response, callback, ReceiptIssuer.unlogged(e, "http-control"), null, null);
      return;
    }
    ObjectNode out = Json.object();
    out.put("verdict", ev.allowed() ? "allow" : "deny");
    out.put("status", ev.allowed() ? 200 : ev.denial().status());
    if (!ev.allowed()) {
      out.put("error", ev.denial().error());
      out.put("message", ev.denial().reason());
    }
    out.put("route_pattern", ev.routePattern());
    out.put("content_hash", ev.contentHash());
    ArrayNode evidence = out.putArray("evidence");
    for (GuardEvidence g : ev.evidence()) {
      evidence.add(g.toJson());
    }
    out.set("receipt", receipt.toJson());
    Replies.json(response, callback, 200, out, receipt.id());
  }

  private void verify(byte[] bytes, Response response, Callback callback) {
    HttpReceipt receipt;
    try {
      receipt = HttpReceipt.parse(bytes);
    } catch (ChioFormatException e) {
      Replies.error(response, callback, Denial.badRequest("not an HTTP receipt: " + e.getMessage(), "http-control"), null, null);
      return;
    }
    Replies.json(response, callback, 200, ReceiptVerifier.trusting(config.kernelPublicKey()).verify(receipt).toJson(), null);
  }

  /** The published operations ({@code x-chio-publish} not false) as tools an agent may be granted. */
  private ObjectNode manifest() {
    ObjectNode o = Json.object().put("server_id", config.serverId()).put("policy_hash", config.spec().policyHash());
    ArrayNode tools = o.putArray("tools");
    List<Route> routes = new ArrayList<>(authority.routes().routes());
    for (Route r : routes) {
      if (!r.extensions().isPublished()) {
        continue;
      }
      ObjectNode t = tools.addObject();
      t.put("tool_name", r.toolName());
      if (r.operationId() != null) {
        t.put("operation_id", r.operationId());
      }
      t.put("method", r.method());
      t.put("route_pattern", r.pattern());
      t.put("side_effects", r.sideEffects());
      t.put("capability_required", r.requiresCapability());
      t.put("approval_required", r.extensions().isApprovalRequired());
      if (r.extensions().budgetLimit() != null) {
        t.put("budget_limit", r.extensions().budgetLimit());
      }
      if (r.extensions().sensitivity() != null) {
        t.put("sensitivity", r.extensions().sensitivity().wireName());
      }
    }
    return o;
  }

  /** {@code {"decision": "approve" | "deny", "note"?: text}}. */
  private void respond(String id, byte[] bytes, Response response, Callback callback) {
    boolean approve;
    String note;
    try {
      ObjectNode req = Json.parseObject(bytes, "evaluation request");
      String decision = text(req, "decision");
      if (!decision.equals("approve") && !decision.equals("deny")) {
        throw new ChioFormatException("decision: must be \"approve\" or \"deny\"");
      }
      approve = decision.equals("approve");
      JsonNode n = req.get("note");
      if (n != null && !n.isTextual()) {
        throw new ChioFormatException("note: must be a string");
      }
      note = n == null ? null : n.textValue();
    } catch (ChioFormatException e) {
      Replies.error(response, callback, Denial.badRequest("invalid approval response: " + e.getMessage(), "http-control"), null, null);
      return;
    }
    long now = clock.getAsLong() / 1000;
    if (approvals.get(id).isEmpty()) {
      notFound(response, callback, "no approval " + id);
      return;
    }
    try {
      HttpApprovals.Approval a = approvals.respond(id, approve, note, now);
      Replies.json(response, callback, 200, a.toJson(now), null);
    } catch (IllegalStateException e) {
      Replies.error(response, callback, new Denial(409, "chio_approval_conflict", e.getMessage(), "http-control", null), null, null);
    }
  }

  private static String text(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new ChioFormatException(field + ": required string");
    }
    return n.textValue();
  }
}
