package io.chio.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chio.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One governed MCP session: a transparent JSON-RPC relay between a client and the server process
 * it spawns. Every message passes byte for byte, in both directions, except:
 *
 * <ul>
 *   <li>{@code tools/call}: put to the {@link CallGate} first; a deny becomes a tool result with
 *       {@code isError: true} plus a {@code notifications/message}; the server's answer is settled
 *       through the gate (response guards may redact it) before the client sees it;
 *   <li>{@code tools/list} answers: only tools the gate lists are shown;
 *   <li>the {@code initialize} answer: {@code logging} is advertised (chio logs its denials) and
 *       task-augmented {@code tools/call} is not (its output would bypass the response guards);
 *   <li>answers the server sends for ids the client never asked about are dropped.
 * </ul>
 *
 * The client's ids reach the server unchanged. The relay asks the server for {@code tools/list}
 * itself (ids {@code chio-relay-N}, reserved) to learn tool names and annotations before the
 * first call. Client messages are handled in order on the client's thread, server messages on the
 * server reader's thread.
 */
public final class McpRelay implements AutoCloseable {
  /** Where messages to the client go; implementations serialize concurrent sends. */
  public interface ClientChannel {
    /**
     * @param kind what the message is, and {@code id} its id (null for notifications), so a
     *     transport that routes answers per request can do so
     * @throws IOException when the client is gone
     */
    void send(MessageKind kind, JsonNode id, byte[] frame) throws IOException;
  }

  static final String RESERVED_ID_PREFIX = "chio-relay-";
  private static final List<String> LOG_LEVELS =
      List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  private enum Phase {
    NEW,
    INITIALIZING,
    READY,
    CLOSED
  }

  /** A client request the server has not answered yet. */
  private static final class Pending {
    final String method;
    final JsonNode id;
    final Call call;
    /** Set once the request is sent; then {@link #deadline} ({@link System#nanoTime}) is when its answer is overdue. */
    volatile boolean armed;
    volatile long deadline;

    Pending(String method, JsonNode id, Call call) {
      this.method = method;
      this.id = id;
      this.call = call;
    }
  }

  /** A {@code tools/call} in flight; {@link #done} makes exactly one party settle it. */
  private static final class Call {
    final JsonRpc.Message message;
    final AtomicBoolean done = new AtomicBoolean();
    volatile CallGate.Admission.Allowed admitted;
    volatile String cancelledReason;

    Call(JsonRpc.Message message) {
      this.message = message;
    }
  }

  private final RelayConfig config;
  private final CallGate gate;
  private final ClientChannel client;
  private final Consumer<String> diagnostics;
  private final String sessionLabel;
  private final ScheduledExecutorService timer;
  private final AtomicLong internalIds = new AtomicLong();
  private final AtomicLong callIds = new AtomicLong();
  private final CompletableFuture<Integer> ended = new CompletableFuture<>();

  // Guarded by this.
  private Phase phase = Phase.NEW;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Map<String, Consumer<JsonRpc.Message>> internal = new LinkedHashMap<>();
  private final List<Pending> queued = new ArrayList<>();
  private final ToolCatalog catalog = new ToolCatalog();
  private boolean catalogFetching;
  private boolean clientInitialized;
  private String catalogFailure;
  private boolean serverHasTools;
  private boolean serverHasLogging = true;
  private int logThreshold = LOG_LEVELS.indexOf("debug");

  private volatile ServerProcess server;

  /**
   * @param sessionLabel prefix of the request ids the gate (and so the receipts) see
   * @param diagnostics one-line messages for the operator (stderr); never the client's stdout
   */
  public McpRelay(RelayConfig config, CallGate gate, ClientChannel client, String sessionLabel, Consumer<String> diagnostics) {
    this.config = Objects.requireNonNull(config, "config");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.client = Objects.requireNonNull(client, "client");
    this.sessionLabel = Objects.requireNonNull(sessionLabel, "sessionLabel");
    this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "mcp-relay-timer-" + sessionLabel);
      th.setDaemon(true);
      return th;
    });
    // One periodic sweep finds overdue requests: a timer per request would wake the timer
    // thread twice per call (schedule, cancel), which costs more than the call's relaying.
    long sweepMs = Math.max(10, Math.min(250, config.requestTimeout().toMillis() / 10));
    timer.scheduleWithFixedDelay(this::sweepTimeouts, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
  }

  /** Spawns the server. */
  public void start() throws IOException {
    server = ServerProcess.start(config.serverCommand(), config.workingDir(), config.maxFrameBytes(), config.shutdownGrace(),
        this::onServerFrame, this::onServerExit);
  }

  /** Completes with the session's exit status: 0 when the client ended it, 1 when the server did. */
  public CompletableFuture<Integer> ended() {
    return ended;
  }

  /** The server's process id (for tests and diagnostics). */
  public long serverPid() {
    return server.pid();
  }

  public int maxFrameBytes() {
    return config.maxFrameBytes();
  }

  // ---------------------------------------------------------------- client -> server

  /** One frame from the client's stream; end of stream ends the session. */
  public void onClientFrame(FrameReader.Frame frame) {
    if (frame instanceof FrameReader.Frame.Line line) {
      onClientMessage(line.bytes());
    } else if (frame instanceof FrameReader.Frame.Oversized o) {
      replyError(null, JsonRpc.INVALID_REQUEST,
          "message of " + o.length() + " bytes exceeds the limit of " + config.maxFrameBytes() + " bytes");
    } else if (frame instanceof FrameReader.Frame.Truncated t) {
      diagnostics.accept("client input ended in the middle of a message (" + t.length() + " bytes dropped)");
      clientClosed();
    } else if (frame instanceof FrameReader.Frame.End) {
      clientClosed();
    } else {
      throw new IllegalStateException("unknown frame " + frame);
    }
  }

  /** One complete message from the client. */
  public void onClientMessage(byte[] bytes) {
    if (bytes.length > config.maxFrameBytes()) {
      replyError(null, JsonRpc.INVALID_REQUEST,
          "message of " + bytes.length + " bytes exceeds the limit of " + config.maxFrameBytes() + " bytes");
      return;
    }
    JsonRpc.Message m;
    try {
      m = JsonRpc.decode(bytes);
    } catch (JsonRpc.Malformed e) {
      replyError(e.id, e.code, e.getMessage());
      return;
    }
    switch (m.kind()) {
      case REQUEST -> onClientRequest(m);
      case NOTIFICATION -> onClientNotification(m);
      case RESPONSE -> toServer(m.raw());
      default -> throw new IllegalStateException("unknown kind " + m.kind());
    }
  }

  private void onClientRequest(JsonRpc.Message m) {
    String method = m.method();
    JsonNode id = m.id();
    if (id.isTextual() && id.textValue().startsWith(RESERVED_ID_PREFIX)) {
      replyError(id, JsonRpc.INVALID_REQUEST, "request ids starting with \"" + RESERVED_ID_PREFIX + "\" are reserved by chio");
      return;
    }
    Pending p;
    Pending admitNow = null;
    synchronized (this) {
      if (phase == Phase.CLOSED) {
        replyError(id, JsonRpc.SERVER_FAILED, "the MCP server is no longer running");
        return;
      }
      boolean init = method.equals("initialize");
      if (phase == Phase.NEW && !init && !method.equals("ping")) {
        replyError(id, JsonRpc.NOT_INITIALIZED, "not initialized: send initialize first (got " + method + ")");
        return;
      }
      if (init && phase != Phase.NEW) {
        replyError(id, JsonRpc.INVALID_REQUEST, "initialize was already sent in this session");
        return;
      }
      if (pending.containsKey(m.idKey())) {
        replyError(id, JsonRpc.INVALID_REQUEST, "request id " + id + " is already in flight");
        return;
      }
      if (init) {
        phase = Phase.INITIALIZING;
      }
      if (method.equals("logging/setLevel")) {
        int level = LOG_LEVELS.indexOf(m.params() == null ? "" : m.params().path("level").asText());
        if (level >= 0) {
          logThreshold = level;
        }
        if (!serverHasLogging) {
          // chio advertised logging on the server's behalf, so it answers for it.
          send(MessageKind.RESPONSE, id, JsonRpc.result(id, Json.object()));
          return;
        }
      }
      if (method.equals("tools/call")) {
        admitNow = onToolCall(m);
        p = null;
      } else {
        p = new Pending(method, id, null);
        track(m.idKey(), p);
      }
    }
    if (admitNow != null) {
      // Admission (kernel work: guards, signing, the receipt log) runs outside the lock.
      admit(admitNow);
    } else if (p != null) {
      toServer(m.raw());
    }
  }

  /**
   * Validates a {@code tools/call}; returns it for admission now, or null when it was answered
   * with an error or queued until the tool list is known. Holds the lock.
   */
  private Pending onToolCall(JsonRpc.Message m) {
    JsonNode params = m.params();
    JsonNode name = params == null ? null : params.get("name");
    if (name == null || !name.isTextual()) {
      replyError(m.id(), JsonRpc.INVALID_PARAMS, "tools/call needs params.name (a string)");
      return null;
    }
    JsonNode args = params.get("arguments");
    if (args != null && !args.isObject() && !args.isNull()) {
      replyError(m.id(), JsonRpc.INVALID_PARAMS, "tools/call params.arguments must be an object");
      return null;
    }
    if (params.has("task")) {
      replyError(m.id(), JsonRpc.INVALID_PARAMS, "task-augmented tools/call is not supported through chio");
      return null;
    }
    Pending p = new Pending("tools/call", m.id(), new Call(m));
    pending.put(m.idKey(), p);
    // Armed now so that a call waiting for a tool list the server never sends still ends.
    scheduleTimeout(p);
    if (!catalog.complete() && !catalog.knows(name.textValue())) {
      queued.add(p);
      maybeFetchCatalog();
      return null;
    }
    return p;
  }

  private void admit(Pending p) {
    Call call = p.call;
    ObjectNode params = (ObjectNode) call.message.params();
    String tool = params.get("name").textValue();
    JsonNode args = params.get("arguments");
    JsonNode annotations;
    String unknown = null;
    synchronized (this) {
      if (phase == Phase.CLOSED || pending.get(JsonRpc.key(p.id)) != p) {
        return;
      }
      if (!catalog.knows(tool)) {
        unknown = catalogFailure != null
            ? "cannot read the server's tool list (" + catalogFailure + ")"
            : "unknown tool: " + tool;
        pending.remove(JsonRpc.key(p.id));
      }
      annotations = catalog.annotations(tool);
    }
    if (unknown != null) {
      replyError(p.id, catalogFailure != null ? JsonRpc.INTERNAL_ERROR : JsonRpc.INVALID_PARAMS, unknown);
      return;
    }
    ObjectNode arguments = args == null || args.isNull() ? Json.object() : (ObjectNode) args;
    CallGate.Call gateCall = new CallGate.Call(sessionLabel + "-" + callIds.incrementAndGet(), tool, arguments, annotations,
        params.get("_meta"));
    CallGate.Admission admission;
    try {
      admission = gate.admit(gateCall);
    } catch (RuntimeException e) {
      forget(p);
      diagnostics.accept("evaluation of " + tool + " failed: " + e);
      replyError(p.id, JsonRpc.INTERNAL_ERROR, "chio could not evaluate this call (fail-closed)");
      return;
    }
    if (admission instanceof CallGate.Admission.Denied d) {
      forget(p);
      String text = "chio denied " + tool + ": " + d.reason();
      log("warning", denial("tool_denied", tool, d.reason(), d.guard(), d.code(), d.receiptId()));
      send(MessageKind.RESPONSE, p.id, JsonRpc.result(p.id, withReceipt(JsonRpc.toolError(text), d.receiptId())));
    } else if (admission instanceof CallGate.Admission.PendingApproval a) {
      forget(p);
      String text = "chio: " + tool + " needs human approval (" + a.reason() + ")"
          + (a.approvalId() == null ? "" : "; approval id " + a.approvalId());
      ObjectNode data = denial("approval_required", tool, a.reason(), null, null, a.receiptId());
      if (a.approvalId() != null) {
        data.put("approval_id", a.approvalId());
      }
      log("warning", data);
      send(MessageKind.RESPONSE, p.id, JsonRpc.result(p.id, withReceipt(JsonRpc.toolError(text), a.receiptId())));
    } else if (admission instanceof CallGate.Admission.Allowed allowed) {
      call.admitted = allowed;
      String cancelled = call.cancelledReason;
      if (cancelled != null) {
        // Cancelled while it waited for the tool list: settled without ever reaching the server.
        if (call.done.compareAndSet(false, true)) {
          settle(allowed, new CallGate.Outcome.Cancelled(cancelled));
        }
        return;
      }
      synchronized (this) {
        if (pending.get(JsonRpc.key(p.id)) != p) {
          // The session ended while the call was being evaluated.
          if (call.done.compareAndSet(false, true)) {
            settle(allowed, new CallGate.Outcome.Cancelled("session ended before dispatch"));
          }
          return;
        }
        scheduleTimeout(p);
      }
      toServer(call.message.raw());
    } else {
      throw new IllegalStateException("unknown admission " + admission);
    }
  }

  private void onClientNotification(JsonRpc.Message m) {
    String method = m.method();
    synchronized (this) {
      if (phase == Phase.NEW) {
        diagnostics.accept("dropped " + method + " sent before initialize");
        return;
      }
    }
    if (method.equals("notifications/cancelled")) {
      JsonNode params = m.params();
      JsonNode target = params == null ? null : params.get("requestId");
      String reason = params == null ? "" : params.path("reason").asText("");
      Pending p = null;
      if (target != null) {
        synchronized (this) {
          p = pending.get(JsonRpc.key(target));
          if (p != null && (p.call == null || p.call.admitted != null)) {
            pending.remove(JsonRpc.key(target));
          }
        }
      }
      if (p != null && p.call != null) {
        Call call = p.call;
        String why = reason.isEmpty() ? "cancelled by the client" : "cancelled by the client: " + reason;
        if (call.admitted == null) {
          // Not evaluated yet (waiting for the tool list); admission sees the flag.
          call.cancelledReason = why;
        } else if (call.done.compareAndSet(false, true)) {
          settle(call.admitted, new CallGate.Outcome.Cancelled(why));
        }
      }
      toServer(m.raw());
      return;
    }
    toServer(m.raw());
    if (method.equals("notifications/initialized")) {
      synchronized (this) {
        clientInitialized = true;
        maybeFetchCatalog();
      }
    }
  }

  // ---------------------------------------------------------------- server -> client

  private void onServerFrame(FrameReader.Frame frame) {
    if (frame instanceof FrameReader.Frame.Line line) {
      onServerMessage(line.bytes());
    } else if (frame instanceof FrameReader.Frame.Oversized o) {
      diagnostics.accept("dropped a " + o.length() + "-byte message from the server (limit " + config.maxFrameBytes() + ")");
    } else if (frame instanceof FrameReader.Frame.Truncated t) {
      diagnostics.accept("server output ended in the middle of a message (" + t.length() + " bytes dropped)");
    }
  }

  private void onServerMessage(byte[] bytes) {
    JsonRpc.Message m;
    try {
      m = JsonRpc.decode(bytes);
    } catch (JsonRpc.Malformed e) {
      diagnostics.accept("dropped a malformed message from the server: " + e.getMessage());
      return;
    }
    switch (m.kind()) {
      case RESPONSE -> onServerResponse(m);
      case REQUEST -> send(m.kind(), m.id(), m.raw());
      case NOTIFICATION -> {
        send(m.kind(), null, m.raw());
        if (m.method().equals("notifications/tools/list_changed")) {
          synchronized (this) {
            if (phase == Phase.READY && !catalogFetching) {
              fetchCatalog(null);
            }
          }
        }
      }
      default -> throw new IllegalStateException("unknown kind " + m.kind());
    }
  }

  private void onServerResponse(JsonRpc.Message m) {
    String key = m.idKey();
    Consumer<JsonRpc.Message> mine;
    Pending p;
    synchronized (this) {
      mine = internal.remove(key);
      p = mine == null ? pending.remove(key) : null;
    }
    if (mine != null) {
      mine.accept(m);
      return;
    }
    if (p == null) {
      diagnostics.accept("dropped a server answer to id " + m.id() + ", which the client is not waiting for");
      return;
    }
    switch (p.method) {
      case "initialize" -> onInitializeAnswer(m);
      case "tools/list" -> onToolsListAnswer(m);
      case "tools/call" -> onToolCallAnswer(p, m);
      default -> send(MessageKind.RESPONSE, m.id(), m.raw());
    }
  }

  private void onInitializeAnswer(JsonRpc.Message m) {
    JsonNode result = m.tree().get("result");
    if (result == null || !result.isObject()) {
      synchronized (this) {
        phase = Phase.NEW;
      }
      send(MessageKind.RESPONSE, m.id(), m.raw());
      return;
    }
    ObjectNode patched = m.tree().deepCopy();
    ObjectNode caps = ((ObjectNode) patched.get("result")).with("capabilities");
    synchronized (this) {
      serverHasTools = caps.has("tools");
      serverHasLogging = caps.has("logging");
      phase = Phase.READY;
      maybeFetchCatalog();
    }
    if (!caps.has("logging")) {
      caps.putObject("logging");
    }
    JsonNode tasks = caps.get("tasks");
    if (tasks instanceof ObjectNode t && t.get("requests") instanceof ObjectNode requests) {
      requests.remove("tools");
    }
    send(MessageKind.RESPONSE, m.id(), JsonRpc.bytes(patched));
  }

  private void onToolsListAnswer(JsonRpc.Message m) {
    JsonNode tools = m.tree().path("result").get("tools");
    if (!(tools instanceof ArrayNode array)) {
      send(MessageKind.RESPONSE, m.id(), m.raw());
      return;
    }
    synchronized (this) {
      catalog.merge(array);
    }
    ObjectNode filtered = m.tree().deepCopy();
    ArrayNode shown = ((ObjectNode) filtered.get("result")).putArray("tools");
    for (JsonNode t : array) {
      JsonNode name = t.get("name");
      if (name != null && name.isTextual() && listed(name.textValue())) {
        shown.add(t);
      }
    }
    send(MessageKind.RESPONSE, m.id(), JsonRpc.bytes(filtered));
  }

  private boolean listed(String tool) {
    try {
      return gate.lists(tool);
    } catch (RuntimeException e) {
      diagnostics.accept("could not decide whether to list " + tool + " (hidden): " + e);
      return false;
    }
  }

  private void onToolCallAnswer(Pending p, JsonRpc.Message m) {
    Call call = p.call;
    if (!call.done.compareAndSet(false, true)) {
      return;
    }
    JsonNode error = m.tree().get("error");
    if (error != null) {
      settle(call.admitted, new CallGate.Outcome.Failed("server error " + error.path("code").asText("?") + ": "
          + error.path("message").asText("")));
      send(MessageKind.RESPONSE, m.id(), m.raw());
      return;
    }
    JsonNode result = m.tree().get("result");
    CallGate.Settlement s = settle(call.admitted, new CallGate.Outcome.Returned(result));
    if (s == null) {
      replyError(p.id, JsonRpc.INTERNAL_ERROR, "chio could not record this call (fail-closed); its output is withheld");
    } else if (s.delivered()) {
      if (s.output().equals(result)) {
        send(MessageKind.RESPONSE, m.id(), m.raw());
      } else {
        send(MessageKind.RESPONSE, m.id(), JsonRpc.bytes(JsonRpc.result(m.id(), s.output())));
      }
    } else {
      String tool = call.message.params().path("name").asText();
      log("warning", denial("tool_output_withheld", tool, s.reason(), null, null, s.receiptId()));
      send(MessageKind.RESPONSE, m.id(), JsonRpc.result(m.id(),
          withReceipt(JsonRpc.toolError("chio withheld the output of " + tool + ": " + s.reason()), s.receiptId())));
    }
  }

  // ---------------------------------------------------------------- the relay's own tools/list

  /**
   * Starts the relay's own {@code tools/list} once the server has answered {@code initialize} and
   * the client has sent {@code notifications/initialized} (or is already waiting with a call).
   * Holds the lock.
   */
  private void maybeFetchCatalog() {
    if (phase == Phase.READY && !catalog.complete() && !catalogFetching && (clientInitialized || !queued.isEmpty())) {
      fetchCatalog(null);
    }
  }

  /** Holds the lock. */
  private void fetchCatalog(String cursor) {
    if (!serverHasTools) {
      catalog.finishListing();
      drainQueue();
      return;
    }
    catalogFetching = true;
    String id = RESERVED_ID_PREFIX + internalIds.incrementAndGet();
    internal.put(JsonRpc.key(TextNode.valueOf(id)), this::onCatalogPage);
    ObjectNode params = null;
    if (cursor != null) {
      params = Json.object().put("cursor", cursor);
    }
    byte[] request = JsonRpc.bytes(JsonRpc.request(TextNode.valueOf(id), "tools/list", params));
    timer.execute(() -> toServer(request));
  }

  private void onCatalogPage(JsonRpc.Message m) {
    synchronized (this) {
      JsonNode error = m.tree().get("error");
      if (error != null) {
        catalogFetching = false;
        catalogFailure = "tools/list failed: " + error.path("message").asText("error " + error.path("code").asText());
        catalog.finishListing();
        drainQueue();
        return;
      }
      JsonNode result = m.tree().path("result");
      catalog.addPage(result.get("tools"));
      JsonNode next = result.get("nextCursor");
      if (next != null && next.isTextual() && !next.textValue().isEmpty()) {
        fetchCatalog(next.textValue());
        return;
      }
      catalogFetching = false;
      catalogFailure = null;
      catalog.finishListing();
      drainQueue();
    }
  }

  /** Holds the lock. */
  private void drainQueue() {
    List<Pending> ready = new ArrayList<>(queued);
    queued.clear();
    for (Pending p : ready) {
      timer.execute(() -> admit(p));
    }
  }

  // ---------------------------------------------------------------- endings

  private void scheduleTimeout(Pending p) {
    p.deadline = System.nanoTime() + config.requestTimeout().toNanos();
    p.armed = true;
  }

  private void sweepTimeouts() {
    long now = System.nanoTime();
    List<Pending> overdue = new ArrayList<>();
    synchronized (this) {
      for (Pending p : pending.values()) {
        if (p.armed && now - p.deadline >= 0) {
          overdue.add(p);
        }
      }
    }
    for (Pending p : overdue) {
      onTimeout(p);
    }
  }

  private void track(String key, Pending p) {
    pending.put(key, p);
    scheduleTimeout(p);
  }

  private void onTimeout(Pending p) {
    synchronized (this) {
      if (pending.get(JsonRpc.key(p.id)) != p) {
        return;
      }
      pending.remove(JsonRpc.key(p.id));
    }
    long ms = config.requestTimeout().toMillis();
    String why = "the MCP server did not answer " + p.method + " within " + (ms < 10_000 ? ms + " ms" : ms / 1000 + " s");
    diagnostics.accept(why);
    if (p.call == null || p.call.admitted != null) {
      ObjectNode cancel = Json.object().put("reason", "timed out in chio");
      cancel.set("requestId", p.id);
      toServer(JsonRpc.bytes(JsonRpc.notification("notifications/cancelled", cancel)));
    }
    if (p.call != null && p.call.admitted != null && p.call.done.compareAndSet(false, true)) {
      settle(p.call.admitted, new CallGate.Outcome.TimedOut(why));
    }
    replyError(p.id, JsonRpc.REQUEST_TIMEOUT, why);
  }

  private void onServerExit(int code) {
    List<Pending> open;
    synchronized (this) {
      if (phase == Phase.CLOSED) {
        return;
      }
      phase = Phase.CLOSED;
      open = new ArrayList<>(pending.values());
      pending.clear();
      queued.clear();
    }
    String why = "the MCP server exited (code " + code + ") before answering";
    for (Pending p : open) {
      if (p.call != null && p.call.admitted != null && p.call.done.compareAndSet(false, true)) {
        settle(p.call.admitted, new CallGate.Outcome.Failed(why));
      }
      replyError(p.id, JsonRpc.SERVER_FAILED, why);
    }
    diagnostics.accept("the MCP server exited with code " + code);
    ServerProcess s = server;
    if (s != null) {
      s.close();
    }
    finish(1);
  }

  /** The client is gone: in-flight calls are cancelled and the server is ended and reaped. */
  public void clientClosed() {
    List<Pending> open;
    synchronized (this) {
      if (phase == Phase.CLOSED) {
        return;
      }
      phase = Phase.CLOSED;
      open = new ArrayList<>(pending.values());
      pending.clear();
      queued.clear();
    }
    for (Pending p : open) {
      if (p.call != null && p.call.admitted != null && p.call.done.compareAndSet(false, true)) {
        settle(p.call.admitted, new CallGate.Outcome.Cancelled("the client disconnected"));
      }
    }
    ServerProcess s = server;
    if (s != null) {
      s.close();
    }
    finish(0);
  }

  /** Ends the session as if the client had disconnected. */
  @Override
  public void close() {
    clientClosed();
  }

  private void finish(int status) {
    timer.shutdown();
    ended.complete(status);
  }

  // ---------------------------------------------------------------- helpers

  private CallGate.Settlement settle(CallGate.Admission.Allowed admitted, CallGate.Outcome outcome) {
    try {
      return gate.settle(admitted, outcome);
    } catch (RuntimeException e) {
      diagnostics.accept("could not settle a call: " + e);
      return null;
    }
  }

  private void forget(Pending p) {
    synchronized (this) {
      pending.remove(JsonRpc.key(p.id), p);
    }
  }

  private void toServer(byte[] frame) {
    ServerProcess s = server;
    try {
      if (s == null) {
        throw new IOException("the server is not running");
      }
      s.send(frame);
    } catch (IOException e) {
      // The exit handler answers whatever is pending once the process is reaped.
      diagnostics.accept("could not write to the MCP server: " + e.getMessage());
    }
  }

  private void replyError(JsonNode id, int code, String message) {
    send(MessageKind.RESPONSE, id, JsonRpc.error(id, code, message));
  }

  private void send(MessageKind kind, JsonNode id, ObjectNode message) {
    send(kind, id, JsonRpc.bytes(message));
  }

  private void send(MessageKind kind, JsonNode id, byte[] frame) {
    try {
      client.send(kind, id, frame);
    } catch (IOException e) {
      diagnostics.accept("could not write to the client: " + e.getMessage());
    }
  }

  private void log(String level, ObjectNode data) {
    synchronized (this) {
      if (LOG_LEVELS.indexOf(level) < logThreshold) {
        return;
      }
    }
    ObjectNode params = Json.object().put("level", level).put("logger", "chio");
    params.set("data", data);
    send(MessageKind.NOTIFICATION, null, JsonRpc.notification("notifications/message", params));
  }

  private static ObjectNode denial(String event, String tool, String reason, String guard, String code, String receiptId) {
    ObjectNode d = Json.object().put("event", event).put("tool", tool).put("reason", reason);
    if (guard != null) {
      d.put("guard", guard);
    }
    if (code != null) {
      d.put("code", code);
    }
    d.put("receipt_id", receiptId);
    return d;
  }

  private static ObjectNode withReceipt(ObjectNode toolResult, String receiptId) {
    toolResult.putObject("_meta").put("chio/receipt_id", receiptId);
    return toolResult;
  }
}
