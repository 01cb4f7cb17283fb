package io.chio.protect.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The sample Orders API behind {@code chio demo}: plain HTTP on 127.0.0.1, no knowledge of chio.
 * Serves its own OpenAPI description at {@code /openapi.yaml} so the proxy can discover it.
 */
public final class SampleApi implements AutoCloseable {
  /** The spec text the API serves. */
  public static final String SPEC_RESOURCE = "orders-openapi.yaml";

  private final Server server;
  private final ServerConnector connector;
  private final String specText;

  private SampleApi(Server server, ServerConnector connector, String specText) {
    this.server = server;
    this.connector = connector;
    this.specText = specText;
  }

  public static String specText() throws IOException {
    try (InputStream in = SampleApi.class.getResourceAsStream(SPEC_RESOURCE)) {
      if (in == null) {
        throw new IOException("missing resource " + SPEC_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Starts on {@code 127.0.0.1:port} (0 picks a free port). */
  public static SampleApi start(int port) throws Exception {
    String spec = specText();
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("sample-api");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Orders(spec));
    server.start();
    return new SampleApi(server, connector, spec);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  public String spec() {
    return specText;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private static final class Orders extends Handler.Abstract.NonBlocking {
    private final String spec;

    Orders(String spec) {
      this.spec = spec;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getPath();
      String method = request.getMethod();
      String[] seg = path.substring(1).split("/", -1);
      if (method.equals("GET") && path.equals("/openapi.yaml")) {
        return send(response, callback, 200, "application/yaml", spec);
      }
      String tenant = "acme-42";
      int i = 0;
      if (seg.length >= 2 && seg[0].equals("tenants")) {
        tenant = seg[1];
        i = 2;
      }
      int rest = seg.length - i;
      if (rest >= 1 && seg[i].equals("orders")) {
        if (rest == 1 && method.equals("GET")) {
          return send(response, callback, 200, "application/json",
              "{\"tenant\": \"" + tenant + "\", \"orders\": [{\"id\": \"ord-42\", \"total_cents\": 4200}, {\"id\": \"ord-43\", \"total_cents\": 1299}]}");
        }
        if (rest == 2 && method.equals("GET")) {
          return send(response, callback, 200, "application/json",
              "{\"tenant\": \"" + tenant + "\", \"id\": \"" + seg[i + 1] + "\", \"total_cents\": 4200, \"status\": \"paid\"}");
        }
        if (rest == 2 && method.equals("DELETE")) {
          response.setStatus(204);
          callback.succeeded();
          return true;
        }
        if (rest == 3 && seg[i + 2].equals("refund") && method.equals("POST")) {
          return send(response, callback, 200, "application/json", "{\"status\": \"refund_issued\", \"refund_id\": \"rf-99\"}");
        }
      }
      return send(response, callback, 404, "application/json", "{\"error\": \"not_found\"}");
    }

    private static boolean send(Response response, Callback callback, int status, String type, String body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}
