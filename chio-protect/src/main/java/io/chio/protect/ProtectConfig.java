package io.chio.protect;

import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.govern.GovernPolicy;
import io.chio.kernel.store.BudgetStore;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.RevocationStore;
import io.chio.protect.route.LoadedSpec;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Everything a {@link ProtectServer} needs. Build with {@link #builder}. Immutable. */
public final class ProtectConfig {
  /** The seed's default listen address. */
  public static final String DEFAULT_LISTEN = "127.0.0.1:9090";
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  private final URI upstream;
  private final String listenHost;
  private final int listenPort;
  private final String serverId;
  private final LoadedSpec spec;
  private final Ed25519SigningKey kernelKey;
  private final Set<Ed25519PublicKey> trustedIssuers;
  private final ReceiptLog receiptLog;
  private final String receiptStoreLabel;
  private final BudgetStore budgetStore;
  private final RevocationStore revocationStore;
  private final long maxBodyBytes;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final Duration idleTimeout;
  private final int maxUpstreamConnections;
  private final byte[] controlToken;
  private final LongSupplier clockMillis;
  private final SecureRandom random;
  private final Supplier<GovernPolicy> governPolicy;

  private ProtectConfig(Builder b) {
    this.upstream = checkUpstream(Objects.requireNonNull(b.upstream, "upstream"));
    String[] hp = splitListen(b.listen == null ? DEFAULT_LISTEN : b.listen);
    this.listenHost = hp[0];
    this.listenPort = Integer.parseInt(hp[1]);
    this.spec = Objects.requireNonNull(b.spec, "spec");
    this.serverId = b.serverId != null ? b.serverId : defaultServerId(spec, upstream);
    this.kernelKey = Objects.requireNonNull(b.kernelKey, "kernelKey");
    LinkedHashSet<Ed25519PublicKey> issuers = new LinkedHashSet<>();
    issuers.add(kernelKey.publicKey());
    issuers.addAll(b.trustedIssuers);
    this.trustedIssuers = Set.copyOf(issuers);
    this.receiptLog = Objects.requireNonNull(b.receiptLog, "receiptLog");
    this.receiptStoreLabel = b.receiptStoreLabel == null ? "in-memory" : b.receiptStoreLabel;
    this.budgetStore = b.budgetStore != null ? b.budgetStore : new ProcessBudgetStore();
    this.revocationStore = b.revocationStore;
    if (b.maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative");
    }
    this.maxBodyBytes = b.maxBodyBytes;
    this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
    this.responseTimeout = positive(b.responseTimeout, "responseTimeout");
    this.idleTimeout = positive(b.idleTimeout, "idleTimeout");
    if (b.maxUpstreamConnections < 1) {
      throw new IllegalArgumentException("maxUpstreamConnections must be positive");
    }
    this.maxUpstreamConnections = b.maxUpstreamConnections;
    this.controlToken = b.controlToken == null ? null : b.controlToken.clone();
    this.clockMillis = Objects.requireNonNull(b.clockMillis, "clockMillis");
    this.random = Objects.requireNonNull(b.random, "random");
    this.governPolicy = b.governPolicy;
  }

  public static Builder builder() {
    return new Builder();
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return d;
  }

  /**
   * The upstream must be an absolute http(s) URL with a host and nothing the proxy would have to
   * interpret per request (no user info, query or fragment).
   */
  static URI checkUpstream(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("--upstream must be an http:// or https:// URL: " + u);
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new IllegalArgumentException("--upstream has no host: " + u);
    }
    if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException("--upstream must not carry user info, a query or a fragment: " + u);
    }
    return u;
  }

  /** {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (all interfaces). */
  static String[] splitListen(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen must be HOST:PORT, got " + listen);
    }
    String host = listen.substring(0, colon);
    String port = listen.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen port is not a number: " + listen);
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("--listen port out of range: " + listen);
    }
    return new String[] {host.isEmpty() ? "0.0.0.0" : host, Integer.toString(p)};
  }

  /**
   * The protected server's id when {@code --server-id} is not given: the spec title as a slug
   * ("Orders API" becomes {@code orders-api}, the id the seed's examples use), else the upstream host.
   */
  static String defaultServerId(LoadedSpec spec, URI upstream) {
    String slug = spec.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? upstream.getHost() : slug;
  }

  public URI upstream() {
    return upstream;
  }

  public String listenHost() {
    return listenHost;
  }

  public int listenPort() {
    return listenPort;
  }

  public String serverId() {
    return serverId;
  }

  public LoadedSpec spec() {
    return spec;
  }

  Ed25519SigningKey kernelKey() {
    return kernelKey;
  }

  public Ed25519PublicKey kernelPublicKey() {
    return kernelKey.publicKey();
  }

  public Set<Ed25519PublicKey> trustedIssuers() {
    return trustedIssuers;
  }

  public ReceiptLog receiptLog() {
    return receiptLog;
  }

  public String receiptStoreLabel() {
    return receiptStoreLabel;
  }

  public BudgetStore budgetStore() {
    return budgetStore;
  }

  public RevocationStore revocationStore() {
    return revocationStore;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration responseTimeout() {
    return responseTimeout;
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  public int maxUpstreamConnections() {
    return maxUpstreamConnections;
  }

  byte[] controlToken() {
    return controlToken;
  }

  LongSupplier clockMillis() {
    return clockMillis;
  }

  SecureRandom random() {
    return random;
  }

  /** The policy {@code POST /chio/govern} evaluates under, obtained on its first request. */
  Supplier<GovernPolicy> governPolicy() {
    return governPolicy;
  }

  @Override
  public String toString() {
    return "ProtectConfig{upstream=" + upstream + ", listen=" + listenHost + ":" + listenPort + ", serverId=" + serverId
        + ", receipts=" + receiptStoreLabel + ", controlToken=" + (controlToken == null ? "none" : "<redacted>") + "}";
  }

  public static final class Builder {
    private URI upstream;
    private String listen;
    private String serverId;
    private LoadedSpec spec;
    private Ed25519SigningKey kernelKey;
    private final Set<Ed25519PublicKey> trustedIssuers = new LinkedHashSet<>();
    private ReceiptLog receiptLog;
    private String receiptStoreLabel;
    private BudgetStore budgetStore;
    private RevocationStore revocationStore;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration responseTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxUpstreamConnections = 256;
    private byte[] controlToken;
    private LongSupplier clockMillis = System::currentTimeMillis;
    private SecureRandom random = new SecureRandom();
    private Supplier<GovernPolicy> governPolicy = GovernPolicy::defaults;

    private Builder() {}

    public Builder upstream(URI upstream) {
      this.upstream = upstream;
      return this;
    }

    /** {@code HOST:PORT}; port 0 picks a free port. Default {@value #DEFAULT_LISTEN}. */
    public Builder listen(String listen) {
      this.listen = listen;
      return this;
    }

    public Builder serverId(String serverId) {
      this.serverId = serverId;
      return this;
    }

    public Builder spec(LoadedSpec spec) {
      this.spec = spec;
      return this;
    }

    /** Signs every receipt; capabilities it issued are trusted. */
    public Builder kernelKey(Ed25519SigningKey kernelKey) {
      this.kernelKey = kernelKey;
      return this;
    }

    /** Another capability issuer to trust besides the kernel key. */
    public Builder trustIssuer(Ed25519PublicKey issuer) {
      this.trustedIssuers.add(Objects.requireNonNull(issuer, "issuer"));
      return this;
    }

    /**
     * Every receipt is appended here before the response it belongs to is sent; a failed append
     * stops the call (500 {@code chio_evaluation_failed}). {@link ProtectServer#close} closes it.
     *
     * @param label shown in the start-up log ("receipts: ..."), e.g. the SQLite path
     */
    public Builder receiptLog(ReceiptLog log, String label) {
      this.receiptLog = log;
      this.receiptStoreLabel = label;
      return this;
    }

    /** Where grant budgets are kept; default: in process memory. Closed with the server if closeable. */
    public Builder budgetStore(BudgetStore store) {
      this.budgetStore = store;
      return this;
    }

    public Builder revocationStore(RevocationStore store) {
      this.revocationStore = store;
      return this;
    }

    /** Largest request body accepted (and hashed); larger ones get 413. Default 10 MiB. */
    public Builder maxBodyBytes(long max) {
      this.maxBodyBytes = max;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    /** Longest wait for the upstream's response headers; beyond it the caller gets 504 {@code chio_timeout}. */
    public Builder responseTimeout(Duration d) {
      this.responseTimeout = d;
      return this;
    }

    /** Longest silence on an upstream connection while a response streams. */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = d;
      return this;
    }

    public Builder maxUpstreamConnections(int n) {
      this.maxUpstreamConnections = n;
      return this;
    }

    /** Bearer token for the control endpoints ({@code /chio/evaluate}, {@code /chio/verify}, {@code /chio/govern}, approvals); null disables them. */
    public Builder controlToken(byte[] token) {
      this.controlToken = token == null ? null : token.clone();
      return this;
    }

    public Builder clockMillis(LongSupplier clock) {
      this.clockMillis = clock;
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    /** The content-governance policy of {@code POST /chio/govern}; default {@link GovernPolicy#defaults()}. */
    public Builder governPolicy(GovernPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      this.governPolicy = () -> policy;
      return this;
    }

    public ProtectConfig build() {
      return new ProtectConfig(this);
    }
  }
}
