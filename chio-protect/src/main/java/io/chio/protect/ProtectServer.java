package io.chio.protect;

import io.chio.core.capability.CapabilityVerifier;
import io.chio.protect.route.RouteTable;
import io.chio.protect.route.SpecException;
import java.net.URI;
import java.util.Objects;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A running {@code chio api protect} proxy: a Jetty server in front, a pooled Jetty client behind. */
public final class ProtectServer implements AutoCloseable {
  /** Largest upstream response header block passed through. */
  static final int MAX_UPSTREAM_RESPONSE_HEADERS = 32 * 1024;

  private final ProtectConfig config;
  private final RouteTable routes;
  private final Server server;
  private final HttpClient client;
  private final ServerConnector connector;
  private final QueuedThreadPool threads;

  private ProtectServer(
      ProtectConfig config, RouteTable routes, Server server, HttpClient client, ServerConnector connector, QueuedThreadPool threads) {
    this.config = config;
    this.routes = routes;
    this.server = server;
    this.client = client;
    this.connector = connector;
    this.threads = threads;
  }

  /** Compiles the route table, starts the upstream client and binds the listener. */
  public static ProtectServer start(ProtectConfig config) throws Exception {
    Objects.requireNonNull(config, "config");
    RouteTable routes;
    try {
      routes = config.spec().routeTable(config.upstream().getRawPath());
    } catch (SpecException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    // One pool for both sides: a forwarded call hops between server and client threads, and on a
    // small machine fewer threads means fewer context switches.
    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("chio-protect");
    threads.start();
    HttpClient client = upstreamClient(config, threads);
    client.start();
    // Decoders are registered when the client starts; without any it adds no Accept-Encoding and
    // passes compressed bodies through untouched.
    client.getContentDecoderFactories().clear();

    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    // Transparent: no Server or Date header of our own, the upstream's pass through.
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setSendDateHeader(false);
    http.setRequestHeaderSize(32 * 1024);
    // Room for the largest upstream header block the client accepts plus X-Chio-Receipt-Id, so a
    // response the client let through is never refused while it is written to the caller.
    http.setMaxResponseHeaderSize(MAX_UPSTREAM_RESPONSE_HEADERS + 4 * 1024);
    // Strict message framing (smuggling is rejected by the parser) but every URI reaches the
    // handler, which refuses ambiguous paths itself and signs a receipt for doing so.
    http.setHttpCompliance(HttpCompliance.RFC9110);
    http.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.listenHost());
    connector.setPort(config.listenPort());
    server.addConnector(connector);

    HttpApprovals approvals = new HttpApprovals(config.random(), 900, 10_000);
    HttpAuthority authority =
        new HttpAuthority(
            config.serverId(), routes, new CapabilityVerifier(config.trustedIssuers(), CapabilityVerifier.UNLIMITED_DEPTH),
            config.budgetStore(), config.revocationStore(), approvals);
    ReceiptIssuer issuer = new ReceiptIssuer(config.kernelKey(), config.receiptLog(), config.serverId());
    ProxyHandler[] handler = new ProxyHandler[1];
    Sidecar sidecar = new Sidecar(config, authority, issuer, approvals, (ev, now) -> handler[0].decisionDraft(ev, now));
    handler[0] = new ProxyHandler(config, authority, issuer, client, sidecar);
    server.setHandler(handler[0]);
    server.setErrorHandler(new ProtocolErrorHandler(config, issuer));
    try {
      server.start();
    } catch (Exception e) {
      client.stop();
      threads.stop();
      throw e;
    }
    return new ProtectServer(config, routes, server, client, connector, threads);
  }

  private static HttpClient upstreamClient(ProtectConfig config, QueuedThreadPool threads) {
    ClientConnector connector = new ClientConnector();
    connector.setConnectTimeout(config.connectTimeout());
    connector.setIdleTimeout(config.idleTimeout());
    HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
    client.setExecutor(threads);
    client.setFollowRedirects(false);
    // The upstream must see the caller's request, not a client of its own making: no User-Agent,
    // no Accept-Encoding, no cookies remembered across callers, no automatic auth or redirects.
    client.setUserAgentField(null);
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    client.getProtocolHandlers().clear();
    client.setConnectTimeout(config.connectTimeout().toMillis());
    client.setIdleTimeout(config.idleTimeout().toMillis());
    client.setMaxConnectionsPerDestination(config.maxUpstreamConnections());
    client.setMaxRequestsQueuedPerDestination(4096);
    // An upstream whose headers grow past this is failing: 502 with a final receipt that says so.
    client.setMaxResponseHeadersSize(MAX_UPSTREAM_RESPONSE_HEADERS);
    return client;
  }

  public ProtectConfig config() {
    return config;
  }

  public RouteTable routes() {
    return routes;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port} of the listener; a wildcard host is reported as 127.0.0.1. */
  public URI uri() {
    String host = config.listenHost();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops the listener and the upstream client, then closes the receipt log (a SQLite log writes
   * its final checkpoint) and the budget store: the server owns the stores it was configured with.
   */
  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      try {
        client.stop();
      } finally {
        try {
          threads.stop();
        } finally {
          try {
            config.receiptLog().close();
          } finally {
            if (config.budgetStore() instanceof AutoCloseable c) {
              c.close();
            }
          }
        }
      }
    }
  }
}
