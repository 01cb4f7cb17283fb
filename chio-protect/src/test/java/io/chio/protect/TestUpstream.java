package io.chio.protect;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** An upstream on 127.0.0.1 that records exactly what reached it and answers like an orders API. */
final class TestUpstream implements AutoCloseable {
  /** One request as the upstream received it. */
  record Seen(String method, String pathQuery, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    boolean hasHeaderStartingWith(String prefix) {
      return headers.keySet().stream().anyMatch(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith(prefix));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(bigHeaders()));

  /** Lets /big-headers send more than Jetty's default 8 KiB of response headers. */
  private static HttpConfiguration bigHeaders() {
    HttpConfiguration c = new HttpConfiguration();
    c.setResponseHeaderSize(64 * 1024);
    return c;
  }

  TestUpstream() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField f : request.getHeaders()) {
              headers.computeIfAbsent(f.getName(), k -> new CopyOnWriteArrayList<>()).add(f.getValue());
            }
            ByteBuffer buf = Content.Source.asByteBuffer(request);
            byte[] body = new byte[buf.remaining()];
            buf.get(body);
            String pq = request.getHttpURI().getPathQuery();
            seen.add(new Seen(request.getMethod(), pq, headers, body));
            String path = request.getHttpURI().getPath();
            if (path.equals("/slow")) {
              Thread.sleep(3000);
            }
            if (path.equals("/stream")) {
              response.setStatus(200);
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
              StringBuilder b = new StringBuilder();
              for (int i = 0; i < 20000; i++) {
                b.append("line ").append(i).append('\n');
              }
              response.write(true, ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)), callback);
              return true;
            }
            if (path.equals("/big-headers")) {
              response.setStatus(200);
              response.getHeaders().put("X-Big", "b".repeat(20_000));
              callback.succeeded();
              return true;
            }
            String json;
            int status = 200;
            if (path.endsWith("/refund")) {
              json = "{\"status\": \"refund_issued\", \"refund_id\": \"rf-99\"}";
            } else if (request.getMethod().equals("DELETE")) {
              status = 204;
              json = null;
            } else {
              json = "{\"orders\": [{\"id\": \"ord-42\"}], \"path\": \"" + path + "\"}";
            }
            response.setStatus(status);
            response.getHeaders().put("X-Upstream", "orders");
            response.getHeaders().put("X-Chio-Receipt-Id", "forged-by-upstream");
            response.getHeaders().put(HttpHeader.SET_COOKIE, "session=upstream-" + seen.size());
            if (json == null) {
              callback.succeeded();
            } else {
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
              response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
            }
            return true;
          }
        });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  Seen last() {
    return seen.get(seen.size() - 1);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
