package io.chio.protect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import io.chio.core.receipt.HttpMethod;
import io.chio.core.receipt.HttpReceipt;
import io.chio.core.receipt.HttpReceiptDraft;
import io.chio.core.receipt.HttpRequestHashes;
import io.chio.core.receipt.HttpVerdict;
import io.chio.kernel.store.BudgetHold;
import io.chio.kernel.store.BudgetStore;
import io.chio.kernel.store.StoreException;
import io.chio.protect.route.MalformedRequestException;
import io.chio.protect.route.RequestTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The reverse proxy: reads and hashes the request, has it evaluated, signs the decision receipt,
 * forwards allowed calls to the configured upstream origin only, signs the final receipt when the
 * upstream's status is known and streams the response back unbuffered.
 */
final class ProxyHandler extends Handler.Abstract {
  private final ProtectConfig config;
  private final HttpAuthority authority;
  private final ReceiptIssuer issuer;
  private final HttpClient client;
  private final Sidecar sidecar;
  private final String upstreamBase;
  private final LongSupplier clock;
  private final BudgetStore budgets;

  ProxyHandler(ProtectConfig config, HttpAuthority authority, ReceiptIssuer issuer, HttpClient client, Sidecar sidecar) {
    super(InvocationType.BLOCKING);
    this.config = config;
    this.authority = authority;
    this.issuer = issuer;
    this.client = client;
    this.sidecar = sidecar;
    this.clock = config.clockMillis();
    this.budgets = config.budgetStore();
    String path = config.upstream().getRawPath() == null ? "" : config.upstream().getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    // The only origin this proxy ever talks to: no Host header or absolute-form target changes it.
    this.upstreamBase =
        config.upstream().getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + config.upstream().getRawAuthority() + path;
  }

  static HttpMethod method(String name) {
    return switch (name) {
      case "GET" -> HttpMethod.GET;
      case "HEAD" -> HttpMethod.HEAD;
      case "OPTIONS" -> HttpMethod.OPTIONS;
      case "POST" -> HttpMethod.POST;
      case "PUT" -> HttpMethod.PUT;
      case "PATCH" -> HttpMethod.PATCH;
      case "DELETE" -> HttpMethod.DELETE;
      default -> null;
    };
  }

  /** Bearer token, else {@code X-Api-Key} (or {@code Api-Key}), hashed; never stored. */
  static String caller(HttpFields headers) {
    String apiKey = headers.get("X-Api-Key");
    if (apiKey == null) {
      apiKey = headers.get("Api-Key");
    }
    return HttpRequestHashes.callerIdentityHash(headers.get(HttpHeader.AUTHORIZATION), apiKey);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long nowMs = clock.getAsLong();
    HttpMethod method = method(request.getMethod());
    HttpURI uri = request.getHttpURI();
    String rawPath = uri.getPath() == null ? "" : uri.getPath();
    if (method == null) {
      // No receipt can name a method outside the seven chio evaluates; refuse it plainly. The
      // connection closes too: after a refused CONNECT the client may already be sending tunnel bytes.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      Replies.error(
          response, callback,
          new Denial(405, Denial.BAD_REQUEST, "method " + request.getMethod() + " is not supported", HttpAuthority.GUARD_REQUEST, null),
          null, null);
      return true;
    }
    String caller = caller(request.getHeaders());
    RequestTarget target;
    try {
      target = RequestTarget.parse(rawPath, uri.getQuery());
    } catch (MalformedRequestException e) {
      refuse(method, rawPath, caller, Denial.badRequest(e.getMessage(), HttpAuthority.GUARD_REQUEST), nowMs, response, callback);
      return true;
    }
    if (Sidecar.isReserved(target)) {
      sidecar.handle(method, target, request, response, callback);
      return true;
    }
    long max = config.maxBodyBytes();
    long length = request.getLength();
    if (length > max) {
      refuse(method, target.path(), caller, tooLarge(length, max), nowMs, response, callback);
      return true;
    }
    BodyReader.read(
        request, max,
        (body, failure) -> {
          if (failure != null) {
            Denial d =
                failure instanceof BodyReader.TooLarge
                    ? tooLarge(-1, max)
                    : Denial.badRequest("could not read the request body: " + rootMessage(failure), HttpAuthority.GUARD_REQUEST);
            refuse(method, target.path(), caller, d, nowMs, response, callback);
            return;
          }
          proceed(method, target, caller, body, nowMs, request, response, callback);
        });
    return true;
  }

  private static Denial tooLarge(long length, long max) {
    return new Denial(
        413, Denial.BAD_REQUEST,
        "request body " + (length >= 0 ? "of " + length + " bytes " : "") + "exceeds the limit of " + max + " bytes",
        HttpAuthority.GUARD_REQUEST, null);
  }

  /** Denies a request that could not be evaluated at all, with one signed receipt. */
  private void refuse(HttpMethod method, String path, String caller, Denial d, long nowMs, Response response, Callback callback) {
    long nowSec = nowMs / 1000;
    HttpReceiptDraft draft =
        HttpReceiptDraft.decisionReceipt()
            .id(ReceiptIssuer.newId(nowMs))
            .requestId(ReceiptIssuer.newId(nowMs))
            .route(method, path)
            .callerIdentityHash(caller)
            .verdict(new HttpVerdict.Deny(d.reason(), d.guard(), d.status(), null))
            .addEvidence(io.chio.core.receipt.GuardEvidence.fail(d.guard(), d.reason()))
            .responseStatus(d.status())
            .timestamp(nowSec)
            .contentHash(HttpRequestHashes.contentHash(method, path, path, Map.of(), null))
            .policyHash(config.spec().policyHash())
            .putMetadata("http", httpMetadata(path, null))
            .build();
    String id = null;
    try {
      id = issuer.issue(draft, null, null).id();
    } catch (StoreException | RuntimeException e) {
      d = ReceiptIssuer.unlogged(e, HttpAuthority.GUARD_REQUEST);
    }
    Replies.error(response, callback, d, id, null);
  }

  private ObjectNode httpMetadata(String routePattern, Evaluation ev) {
    ObjectNode http = Json.object().put("server_id", config.serverId()).put("route_pattern", routePattern);
    if (ev != null && ev.route() != null && ev.route().operationId() != null) {
      http.put("operation_id", ev.route().operationId());
    }
    if (ev != null && ev.route() != null && ev.route().extensions().sensitivity() != null) {
      http.put("sensitivity", ev.route().extensions().sensitivity().wireName());
    }
    if (ev != null && ev.approval() != null) {
      http.put("approval_id", ev.approval().id());
    }
    return http;
  }

  HttpReceiptDraft decisionDraft(Evaluation ev, long nowMs) {
    Denial d = ev.denial();
    return HttpReceiptDraft.decisionReceipt()
        .id(ReceiptIssuer.newId(nowMs))
        .requestId(ReceiptIssuer.newId(nowMs))
        .route(ev.method(), ev.routePattern())
        .callerIdentityHash(ev.callerIdentityHash())
        .verdict(d == null ? HttpVerdict.allow() : new HttpVerdict.Deny(d.reason(), d.guard(), d.status(), null))
        .evidence(ev.evidence())
        .responseStatus(d == null ? 200 : d.status())
        .timestamp(nowMs / 1000)
        .contentHash(ev.contentHash())
        .policyHash(config.spec().policyHash())
        .capabilityId(ev.capabilityId())
        .putMetadata("http", httpMetadata(ev.routePattern(), ev))
        .build();
  }

  static List<String> capabilities(HttpFields headers, RequestTarget target) {
    List<String> out = new ArrayList<>(headers.getValuesList(Headers.CAPABILITY));
    out.addAll(target.capabilityParams());
    return out;
  }

  private void proceed(
      HttpMethod method, RequestTarget target, String caller, byte[] body, long nowMs, Request request, Response response,
      Callback callback) {
    HttpFields h = request.getHeaders();
    HttpCall call =
        new HttpCall(method, target, caller, body, capabilities(h, target), h.get(Headers.APPROVAL_ID), h.get(Headers.COST));
    Evaluation ev = authority.evaluate(call, nowMs / 1000, false);
    HttpReceipt decision;
    try {
      decision = issuer.issue(decisionDraft(ev, nowMs), ev.subjectHex(), null);
    } catch (StoreException | RuntimeException e) {
      settle(ev.hold(), false, null);
      Replies.error(
          response, callback, ReceiptIssuer.unlogged(e, HttpAuthority.GUARD_REQUEST),
          null, null);
      return;
    }
    if (!ev.allowed()) {
      Replies.error(response, callback, ev.denial(), decision.id(), ev.approval());
      return;
    }
    new Exchange(ev, decision, response, callback).start(request, target, body);
  }

  /**
   * Settles a budget hold: {@code dispatched} calls (sent to the upstream, whatever came back) are
   * reconciled against the upstream's reported cost (absent: the held amount); calls that never
   * reached the upstream are released.
   */
  private void settle(BudgetHold hold, boolean dispatched, Long reported) {
    if (hold == null) {
      return;
    }
    try {
      if (dispatched) {
        budgets.reconcile(hold, reported);
      } else {
        budgets.release(hold);
      }
    } catch (StoreException e) {
      // A hold left in place only makes the remaining budget smaller: still safe.
    }
  }

  private static Long reportedCost(HttpFields upstreamHeaders) {
    String v = upstreamHeaders.get(Headers.COST);
    if (v == null) {
      return null;
    }
    try {
      long n = Long.parseLong(v.strip());
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** One forwarded call; exactly one path completes the caller's callback. */
  private final class Exchange {
    private final Evaluation ev;
    private final HttpReceipt decision;
    private final Response response;
    private final Callback callback;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean headersSent;
    private volatile boolean streaming;
    private volatile boolean timedOut;
    // The request reached the upstream's connection: it may have acted, so the budget is spent.
    private volatile boolean committed;
    private volatile Long reported;
    private volatile Scheduler.Task timer;

    Exchange(Evaluation ev, HttpReceipt decision, Response response, Callback callback) {
      this.ev = ev;
      this.decision = decision;
      this.response = response;
      this.callback = callback;
    }

    void start(Request request, RequestTarget target, byte[] body) {
      String url = upstreamBase + target.canonicalPath() + (target.forwardQuery() == null ? "" : "?" + target.forwardQuery());
      org.eclipse.jetty.client.Request out =
          client.newRequest(url)
              .method(request.getMethod())
              .headers(h -> Headers.copyRequest(request.getHeaders(), h))
              .idleTimeout(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (body.length > 0) {
        out.body(new BytesRequestContent((String) null, body));
      } else if (request.getLength() == 0 || !ev.method().isSafe()) {
        out.headers(h -> h.put(HttpHeader.CONTENT_LENGTH, "0"));
      }
      out.onRequestCommit(r -> committed = true);
      out.onResponseHeaders(this::onHeaders);
      out.onResponseContentSource(this::onContentSource);
      timer =
          client.getScheduler()
              .schedule(
                  () -> {
                    timedOut = true;
                    out.abort(new TimeoutException("no response from the upstream within " + config.responseTimeout().toMillis() + " ms"));
                  },
                  config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
      out.send(this::onComplete);
    }

    private void onHeaders(org.eclipse.jetty.client.Response upstream) {
      cancelTimer();
      int status = upstream.getStatus();
      if (status < 200 || status > 599) {
        // An interim or protocol-switching status as the answer: passed on, a 101 would switch the
        // caller's connection to whatever the upstream speaks next (the proxy does not tunnel).
        // Above 599 is not HTTP (RFC 9110 section 15). Either way the upstream failed: 502.
        upstream.abort(new java.net.ProtocolException("the upstream answered status " + status + ", which the proxy does not relay"));
        return;
      }
      reported = reportedCost(upstream.getHeaders());
      Long held = ev.hold() == null ? null : ev.hold().heldUnits();
      Long realized = held == null ? null : reported == null ? held : Math.min(reported, held);
      long nowMs = clock.getAsLong();
      HttpReceipt fin;
      try {
        fin = issuer.issue(HttpReceiptDraft.finalReceipt(decision, ReceiptIssuer.newId(nowMs), status, nowMs / 1000).build(), ev.subjectHex(), realized);
      } catch (StoreException | RuntimeException e) {
        if (done.compareAndSet(false, true)) {
          upstream.abort(e);
          Replies.error(
              response, callback, ReceiptIssuer.unlogged(e, HttpAuthority.GUARD_REQUEST),
              null, null);
        }
        return;
      }
      if (done.get()) {
        return;
      }
      response.setStatus(status);
      Headers.copyResponse(upstream.getHeaders(), response.getHeaders());
      response.getHeaders().put(Headers.RECEIPT_ID, fin.id());
      headersSent = true;
    }

    private void onContentSource(org.eclipse.jetty.client.Response upstream, Content.Source source) {
      if (done.get() || !headersSent) {
        source.fail(new IllegalStateException("exchange already answered"));
        return;
      }
      streaming = true;
      Content.copy(
          source, response,
          Callback.from(
              () -> {
                if (done.compareAndSet(false, true)) {
                  callback.succeeded();
                }
              },
              x -> {
                if (done.compareAndSet(false, true)) {
                  callback.failed(x);
                }
              }));
    }

    private void onComplete(Result result) {
      cancelTimer();
      settle(ev.hold(), committed, reported);
      if (result.isSucceeded()) {
        if (!streaming && done.compareAndSet(false, true)) {
          callback.succeeded();
        }
        return;
      }
      Throwable failure = result.getFailure();
      if (headersSent) {
        // Committed (or about to be): the caller sees a truncated response, which is the truth.
        if (!streaming && done.compareAndSet(false, true)) {
          callback.failed(failure);
        }
        return;
      }
      if (!done.compareAndSet(false, true)) {
        return;
      }
      boolean timeout = timedOut || failure instanceof TimeoutException;
      int status = timeout ? 504 : 502;
      Denial d =
          timeout
              ? new Denial(504, Denial.TIMEOUT, "the upstream did not answer in time: " + failure.getMessage(), HttpAuthority.GUARD_REQUEST, null)
              : new Denial(502, Denial.UPSTREAM_FAILED, "the upstream failed: " + describe(failure), HttpAuthority.GUARD_REQUEST, null);
      long nowMs = clock.getAsLong();
      String id = null;
      try {
        id = issuer.issue(HttpReceiptDraft.finalReceipt(decision, ReceiptIssuer.newId(nowMs), status, nowMs / 1000).build(), ev.subjectHex(), null).id();
      } catch (StoreException | RuntimeException e) {
        d = ReceiptIssuer.unlogged(e, HttpAuthority.GUARD_REQUEST);
      }
      Replies.error(response, callback, d, id, null);
    }

    private void cancelTimer() {
      Scheduler.Task t = timer;
      if (t != null) {
        t.cancel();
      }
    }
  }

  private static Throwable root(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = root(t);
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
  }
}
