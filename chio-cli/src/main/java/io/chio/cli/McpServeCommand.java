package io.chio.cli;

import io.chio.core.ChioFormatException;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.kernel.Kernel;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.store.InMemoryReceiptLog;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.StoreException;
import io.chio.mcp.KernelGate;
import io.chio.mcp.McpRelay;
import io.chio.mcp.RelayConfig;
import io.chio.mcp.StdioTransport;
import io.chio.mcp.StreamableHttpTransport;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.SqliteReceiptLog;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run an MCP server under Chio: spawns COMMAND and speaks MCP to the client on stdio (or Streamable HTTP",
      "with --listen). Every tools/call is decided by the kernel before it reaches the server; denials come back",
      "as tool results with isError; tools/list shows only what the capability allows; every call leaves signed",
      "receipts in the receipt store. Everything else passes through unchanged.",
      "Receipts are signed with the --authority-seed-file key (default ~/.chio/authority.seed, created on first",
      "use), which also issues the policy's grants to the session. Diagnostics go to stderr.",
      "Example: chio mcp serve --policy ./policy.yaml --server-id srv-files -- npx -y @modelcontextprotocol/server-filesystem ./workspace"
    })
final class McpServeCommand implements Callable<Integer> {
  @ParentCommand McpCommand parent;

  @Mixin McpServeOptions options;

  private static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

  @Override
  public Integer call() throws Exception {
    Consumer<String> diag = line -> ERR.println("chio: " + line);
    Main main = (Main) parent.spec.parent().userObject();
    CompiledPolicy policy = McpSetup.policy(options);
    SecureRandom random = new SecureRandom();
    Ed25519SigningKey authority = McpSetup.authorityKey(main.authoritySeedFile, diag);
    Set<Ed25519PublicKey> trusted = new LinkedHashSet<>();
    trusted.add(authority.publicKey());
    for (String hex : options.trustedIssuers) {
      try {
        trusted.add(Ed25519PublicKey.fromHex(hex, "--trusted-issuer"));
      } catch (ChioFormatException e) {
        throw new UserError(e.getMessage());
      }
    }
    CapabilityToken capability = McpSetup.capability(options, policy, authority, random);
    if (options.guardDeadlineMillis < 1) {
      throw new UserError("--guard-deadline-ms must be at least 1, got " + options.guardDeadlineMillis);
    }
    ReceiptLog log = openReceiptLog(authority, diag);
    Kernel kernel = Kernel.builder()
        .signingKey(authority)
        .trustedIssuers(trusted)
        .policy(policy)
        .receiptLog(log)
        .random(random)
        .guardDeadline(Duration.ofMillis(options.guardDeadlineMillis))
        .build();
    RelayConfig config;
    try {
      config = RelayConfig.of(options.command)
          .withMaxFrameBytes(options.maxFrameBytes)
          .withRequestTimeout(Duration.ofSeconds(options.callTimeoutSeconds));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    diag.accept("governing " + options.serverId + " with policy " + (policy.name() == null ? "" : policy.name() + " ")
        + policy.policyHash().substring(0, 16) + "; kernel key " + authority.publicKey().toHex()
        + "; agent " + capability.subject().toHex() + "; capability " + capability.id());
    try {
      if (options.listen != null) {
        return serveHttp(kernel, capability, config, diag);
      }
      return serveStdio(kernel, capability, config, diag);
    } finally {
      try {
        log.close();
      } catch (StoreException e) {
        diag.accept("closing the receipt log: " + e.getMessage());
      }
    }
  }

  private int serveStdio(Kernel kernel, CapabilityToken capability, RelayConfig config, Consumer<String> diag)
      throws InterruptedException {
    String session = Ids.uuidV7();
    McpRelay relay = new McpRelay(config, new KernelGate(kernel, options.serverId, capability, session),
        StdioTransport.channel(new FileOutputStream(FileDescriptor.out)), "mcp-" + session, diag);
    try {
      relay.start();
    } catch (IOException e) {
      throw new UserError("cannot start the MCP server " + String.join(" ", options.command) + ": " + e.getMessage());
    }
    Thread hook = new Thread(relay::close, "chio-mcp-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int status = StdioTransport.run(relay, System.in);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down.
    }
    return status == 0 ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private int serveHttp(Kernel kernel, CapabilityToken capability, RelayConfig config, Consumer<String> diag) throws Exception {
    InetSocketAddress addr = McpSetup.listenAddress(options.listen);
    AtomicLong sessions = new AtomicLong();
    StreamableHttpTransport http = new StreamableHttpTransport(addr, options.path, options.maxFrameBytes,
        (channel, sessionId) -> new McpRelay(config, new KernelGate(kernel, options.serverId, capability, sessionId), channel,
            "mcp-" + sessions.incrementAndGet() + "-" + sessionId.substring(0, 8), diag),
        diag);
    http.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        http.close();
      } catch (Exception e) {
        diag.accept("stopping the HTTP listener: " + e.getMessage());
      }
    }, "chio-mcp-http-shutdown"));
    diag.accept("MCP Streamable HTTP on http://" + addr.getHostString() + ":" + http.port() + options.path);
    http.join();
    return ExitCodes.OK;
  }

  private ReceiptLog openReceiptLog(Ed25519SigningKey authority, Consumer<String> diag) throws IOException {
    String store = options.receiptStore;
    if (":memory:".equals(store)) {
      diag.accept("receipts are kept in memory only (--receipt-store :memory:)");
      return new InMemoryReceiptLog();
    }
    Path file = store != null ? Path.of(store) : McpSetup.chioHome().resolve("receipts.sqlite");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    try {
      SqliteReceiptLog log = SqliteReceiptLog.open(file, authority, ReceiptLogOptions.DEFAULTS);
      diag.accept("receipts: " + file.toAbsolutePath());
      return log;
    } catch (StoreException e) {
      throw new UserError("cannot open the receipt store " + file + ": " + e.getMessage());
    }
  }
}
