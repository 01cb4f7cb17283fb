package io.chio.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * MCP's Streamable HTTP transport (2025-03-26 / 2025-06-18) in front of the relay: one endpoint
 * path; POST carries one client message (a request is answered on a Server-Sent Events stream that
 * ends with its response, anything else with 202); GET opens the session's stream for
 * server-initiated messages; DELETE ends the session. Each session ({@code Mcp-Session-Id}, issued
 * with the {@code initialize} answer) spawns its own server process, because a stdio server serves
 * one client. Browsers' cross-origin requests are refused (DNS rebinding): an {@code Origin}
 * header must name a loopback host.
 */
public final class StreamableHttpTransport implements AutoCloseable {
  /** Makes the relay of a new session; the transport starts and ends it. */
  public interface RelayFactory {
    McpRelay create(McpRelay.ClientChannel channel, String sessionId) throws IOException;
  }

  private static final String SESSION_HEADER = "Mcp-Session-Id";
  private static final int BACKLOG_LIMIT = 1000;

  private final Server server;
  private final ServerConnector connector;
  private final String path;
  private final RelayFactory factory;
  private final Consumer<String> diagnostics;
  private final int maxBodyBytes;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /**
   * @param listen host and port to bind (port 0 picks a free one)
   * @param path the MCP endpoint, e.g. {@code /mcp}
   */
  public StreamableHttpTransport(InetSocketAddress listen, String path, int maxBodyBytes, RelayFactory factory,
      Consumer<String> diagnostics) {
    this.path = Objects.requireNonNull(path, "path");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    this.maxBodyBytes = maxBodyBytes;
    this.server = new Server();
    this.connector = new ServerConnector(server);
    connector.setHost(listen.getHostString());
    connector.setPort(listen.getPort());
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        try {
          dispatch(request, response, callback);
        } catch (Exception e) {
          diagnostics.accept("HTTP request failed: " + e);
          if (!response.isCommitted()) {
            plain(response, callback, 500, "internal error");
          } else {
            callback.failed(e);
          }
        }
        return true;
      }
    });
  }

  public void start() throws Exception {
    server.start();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Ends every session (reaping their servers) and stops listening. */
  @Override
  public void close() throws Exception {
    for (Session s : sessions.values()) {
      s.relay.close();
    }
    sessions.clear();
    server.stop();
  }

  private void dispatch(Request request, Response response, Callback callback) throws Exception {
    if (!Request.getPathInContext(request).equals(path)) {
      plain(response, callback, 404, "not found: the MCP endpoint is " + path);
      return;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !loopbackOrigin(origin)) {
      plain(response, callback, 403, "cross-origin requests are not allowed");
      return;
    }
    switch (request.getMethod()) {
      case "POST" -> post(request, response, callback);
      case "GET" -> get(request, response, callback);
      case "DELETE" -> delete(request, response, callback);
      default -> {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE");
        plain(response, callback, 405, "method not allowed");
      }
    }
  }

  private void post(Request request, Response response, Callback callback) throws Exception {
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(maxBodyBytes + 1);
    }
    if (body.length > maxBodyBytes) {
      json(response, callback, 413, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
          "message exceeds the limit of " + maxBodyBytes + " bytes"));
      return;
    }
    JsonRpc.Message m;
    try {
      m = JsonRpc.decode(body);
    } catch (JsonRpc.Malformed e) {
      json(response, callback, 400, JsonRpc.error(e.id, e.code, e.getMessage()));
      return;
    }
    String sessionId = request.getHeaders().get(SESSION_HEADER);
    Session session;
    if (m.kind() == MessageKind.REQUEST && m.method().equals("initialize") && sessionId == null) {
      String id = HexFormat.of().formatHex(bytes(16));
      session = new Session(id);
      try {
        session.relay = factory.create(session, id);
        session.relay.start();
      } catch (IOException e) {
        diagnostics.accept("could not start the MCP server: " + e.getMessage());
        json(response, callback, 500, JsonRpc.error(m.id(), JsonRpc.SERVER_FAILED, "could not start the MCP server"));
        return;
      }
      sessions.put(id, session);
      session.relay.ended().thenRun(() -> {
        sessions.remove(id);
        session.closeStreams();
      });
    } else {
      session = lookup(sessionId, response, callback);
      if (session == null) {
        return;
      }
    }
    response.getHeaders().put(SESSION_HEADER, session.id);
    if (m.kind() != MessageKind.REQUEST) {
      session.relay.onClientMessage(body);
      response.setStatus(202);
      callback.succeeded();
      return;
    }
    Stream stream = new Stream();
    session.openRequest(m.idKey(), stream);
    session.relay.onClientMessage(body);
    stream.pump(response, callback, session);
  }

  private void get(Request request, Response response, Callback callback) throws Exception {
    Session session = lookup(request.getHeaders().get(SESSION_HEADER), response, callback);
    if (session == null) {
      return;
    }
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (accept == null || !accept.contains("text/event-stream")) {
      plain(response, callback, 406, "GET needs Accept: text/event-stream");
      return;
    }
    Stream stream = new Stream();
    if (!session.openStandalone(stream)) {
      plain(response, callback, 409, "this session already has an open GET stream");
      return;
    }
    response.getHeaders().put(SESSION_HEADER, session.id);
    stream.pump(response, callback, session);
  }

  private void delete(Request request, Response response, Callback callback) {
    Session session = lookup(request.getHeaders().get(SESSION_HEADER), response, callback);
    if (session == null) {
      return;
    }
    sessions.remove(session.id);
    session.relay.close();
    response.setStatus(204);
    callback.succeeded();
  }

  private Session lookup(String sessionId, Response response, Callback callback) {
    if (sessionId == null) {
      json(response, callback, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
          "missing " + SESSION_HEADER + " header: send initialize first"));
      return null;
    }
    Session s = sessions.get(sessionId);
    if (s == null) {
      json(response, callback, 404, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "unknown or ended session"));
    }
    return s;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static boolean loopbackOrigin(String origin) {
    try {
      String host = URI.create(origin.strip()).getHost();
      if (host == null) {
        return false;
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void plain(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(response, true, text + "\n", callback);
  }

  private static void json(Response response, Callback callback, int status, JsonNode body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    Content.Sink.write(response, true, new String(JsonRpc.bytes(body), StandardCharsets.UTF_8), callback);
  }

  /** An SSE response being written: events queue up and the handler thread writes them. */
  private static final class Stream {
    private static final byte[] END = new byte[0];
    final BlockingQueue<byte[]> events = new LinkedBlockingQueue<>();
    volatile boolean closed;

    void event(byte[] frame) {
      events.add(frame);
    }

    void end() {
      events.add(END);
    }

    /** Writes events until the stream ends or the client goes away. */
    void pump(Response response, Callback callback, Session session) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        out.flush();
        while (true) {
          byte[] e = events.poll(15, TimeUnit.SECONDS);
          if (e == END) {
            break;
          }
          if (e == null) {
            // A comment line keeps proxies from timing out and notices a vanished client.
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
          } else {
            out.write("event: message\ndata: ".getBytes(StandardCharsets.US_ASCII));
            out.write(e);
            out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.flush();
        }
        closed = true;
        session.release(this);
        out.close();
        callback.succeeded();
      } catch (IOException | RuntimeException e) {
        closed = true;
        session.release(this);
        callback.failed(e);
      } catch (InterruptedException e) {
        closed = true;
        session.release(this);
        Thread.currentThread().interrupt();
        callback.failed(e);
      }
    }
  }

  /**
   * One client session. Answers go to the stream of the request they answer; other server
   * messages to the GET stream, else to the newest open request stream, else wait (bounded) for one.
   */
  private final class Session implements McpRelay.ClientChannel {
    final String id;
    volatile McpRelay relay;
    private final Map<String, Stream> requests = new LinkedHashMap<>();
    private Stream standalone;
    private final Deque<byte[]> backlog = new ArrayDeque<>();

    Session(String id) {
      this.id = id;
    }

    synchronized void openRequest(String idKey, Stream s) {
      requests.put(idKey, s);
    }

    synchronized boolean openStandalone(Stream s) {
      if (standalone != null && !standalone.closed) {
        return false;
      }
      standalone = s;
      while (!backlog.isEmpty()) {
        s.event(backlog.removeFirst());
      }
      return true;
    }

    synchronized void release(Stream s) {
      requests.values().removeIf(x -> x == s);
      if (standalone == s) {
        standalone = null;
      }
    }

    synchronized void closeStreams() {
      requests.values().forEach(Stream::end);
      requests.clear();
      if (standalone != null) {
        standalone.end();
      }
    }

    @Override
    public synchronized void send(MessageKind kind, JsonNode msgId, byte[] frame) {
      if (kind == MessageKind.RESPONSE) {
        Stream s = requests.remove(JsonRpc.key(msgId));
        if (s != null) {
          s.event(frame);
          s.end();
        } else {
          diagnostics.accept("session " + id + ": no open stream for the answer to " + msgId + " (dropped)");
        }
        return;
      }
      Stream target = standalone;
      if (target == null) {
        for (Stream s : requests.values()) {
          target = s;
        }
      }
      if (target != null) {
        target.event(frame);
      } else if (backlog.size() < BACKLOG_LIMIT) {
        backlog.addLast(frame);
      } else {
        diagnostics.accept("session " + id + ": no stream open and " + BACKLOG_LIMIT + " messages waiting; dropped one");
      }
    }
  }
}
