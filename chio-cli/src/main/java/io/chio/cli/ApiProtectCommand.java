package io.chio.cli;

import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.govern.GovernPolicy;
import io.chio.kernel.store.BudgetStore;
import io.chio.kernel.store.ReceiptLog;
import io.chio.kernel.store.StoreException;
import io.chio.protect.InMemoryReceiptLog;
import io.chio.protect.ProtectConfig;
import io.chio.protect.ProtectServer;
import io.chio.protect.SpecDiscovery;
import io.chio.protect.StartupLog;
import io.chio.protect.route.LoadedSpec;
import io.chio.protect.route.SpecException;
import io.chio.protect.route.SpecLoader;
import io.chio.store.ReceiptLogOptions;
import io.chio.store.SqliteBudgetStore;
import io.chio.store.SqliteReceiptLog;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "protect",
    mixinStandardHelpOptions = true,
    description = {
      "Front an HTTP service as a transparent reverse proxy. Every request is matched against the",
      "OpenAPI spec: safe reads pass with an audit receipt, side-effect calls need a capability in",
      "X-Chio-Capability or ?chio_capability=, and every call gets a signed HttpReceipt (decision",
      "and final). Runs until interrupted."
    })
final class ApiProtectCommand implements Callable<Integer> {
  /** Without a store the most recent receipts stay in memory, bounded so a long run does not grow forever. */
  private static final int IN_MEMORY_RECEIPTS = 100_000;

  @Spec CommandSpec spec;

  @Option(names = "--upstream", required = true, paramLabel = "URL",
      description = "Base URL of the service to protect; the path and query of each request are appended.")
  String upstream;

  @Option(names = "--spec", paramLabel = "FILE",
      description = "OpenAPI 3.x or Swagger 2.0 spec (YAML or JSON). Default: discovered on the upstream at "
          + "/openapi.json, /openapi.yaml, /swagger.json, /api-docs.")
  Path specFile;

  @Option(names = "--listen", defaultValue = ProtectConfig.DEFAULT_LISTEN, paramLabel = "ADDR",
      description = "Address to bind (default ${DEFAULT-VALUE}); port 0 picks a free port.")
  String listen;

  @Option(names = "--receipt-store", paramLabel = "FILE",
      description = "SQLite file for durable receipts (every receipt is on disk before its response is sent; "
          + "checkpointed; read it with chio --receipt-db FILE receipt ...). Grant budgets persist in the same file. "
          + "Default: in process memory.")
  Path receiptStore;

  @Option(names = "--server-id", paramLabel = "ID",
      description = "The protected server's id, the server_id capabilities must name. Default: the spec title "
          + "as a slug (\"Orders API\" -> orders-api), else the upstream host.")
  String serverId;

  @Option(names = "--control-token-file", paramLabel = "FILE",
      description = "File holding the bearer token for /chio/evaluate, /chio/verify, /chio/govern, /chio/manifest and "
          + "/approvals/*. Without it those endpoints are disabled (/chio/health stays open).")
  Path controlTokenFile;

  @Option(names = "--govern-policy", paramLabel = "FILE",
      description = "Governance policy (YAML/JSON, as chio govern --policy) for POST /chio/govern; default: block secrets, "
          + "redact all other PII.")
  Path governPolicy;

  @Option(names = "--trust-issuer", paramLabel = "HEX",
      description = "Another capability issuer key to trust besides the authority key; repeatable.")
  List<String> trustIssuers = new ArrayList<>();

  @Option(names = "--max-body-bytes", defaultValue = "" + ProtectConfig.DEFAULT_MAX_BODY_BYTES, paramLabel = "N",
      description = "Largest request body accepted and hashed (default ${DEFAULT-VALUE}); larger ones get 413.")
  long maxBodyBytes;

  @Option(names = "--upstream-timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "Longest wait for the upstream's response headers (default ${DEFAULT-VALUE}); then 504 chio_timeout.")
  long upstreamTimeout;

  @Option(names = "--connect-timeout", defaultValue = "5", paramLabel = "SECONDS",
      description = "Longest wait to connect to the upstream (default ${DEFAULT-VALUE}).")
  long connectTimeout;

  @Override
  public Integer call() throws Exception {
    ProtectServer server = start(spec.commandLine().getErr());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        // Shutting down anyway.
      }
    }));
    server.join();
    return ExitCodes.OK;
  }

  /** Everything but waiting: loads the spec, opens the stores, binds, logs the start-up lines. */
  ProtectServer start(PrintWriter err) throws Exception {
    URI up;
    try {
      up = new URI(upstream);
    } catch (java.net.URISyntaxException e) {
      throw new UserError("--upstream is not a URL: " + upstream);
    }
    if (upstreamTimeout <= 0 || connectTimeout <= 0) {
      throw new UserError("--upstream-timeout and --connect-timeout must be positive");
    }
    if (maxBodyBytes < 0) {
      throw new UserError("--max-body-bytes must not be negative");
    }
    Ed25519SigningKey kernelKey = authorityKey(err);
    LoadedSpec loaded = loadSpec(up, err);
    ProtectConfig.Builder b =
        ProtectConfig.builder()
            .upstream(up)
            .listen(listen)
            .spec(loaded)
            .serverId(serverId)
            .kernelKey(kernelKey)
            .maxBodyBytes(maxBodyBytes)
            .responseTimeout(Duration.ofSeconds(upstreamTimeout))
            .connectTimeout(Duration.ofSeconds(connectTimeout));
    for (String hex : trustIssuers) {
      b.trustIssuer(Ed25519PublicKey.fromHex(hex, "--trust-issuer"));
    }
    if (controlTokenFile != null) {
      String token = Files.readString(controlTokenFile, StandardCharsets.UTF_8).strip();
      if (token.length() < 16) {
        throw new UserError(controlTokenFile + ": the control token must be at least 16 characters");
      }
      b.controlToken(token.getBytes(StandardCharsets.UTF_8));
    }
    if (governPolicy != null) {
      try {
        b.governPolicy(GovernPolicy.parse(Files.readAllBytes(governPolicy)));
      } catch (IllegalArgumentException | java.io.IOException e) {
        throw new UserError(governPolicy + ": " + e.getMessage());
      }
    }
    Stores stores = openStores(kernelKey, err);
    b.receiptLog(stores.log(), stores.label());
    b.budgetStore(stores.budgets());
    ProtectServer server;
    try {
      server = ProtectServer.start(b.build());
    } catch (IllegalArgumentException e) {
      stores.close();
      throw new UserError(e.getMessage());
    } catch (java.io.IOException e) {
      stores.close();
      throw new UserError("cannot listen on " + listen + ": " + e.getMessage());
    } catch (Exception e) {
      stores.close();
      throw e;
    }
    StartupLog.routesBuilt(server.routes()).forEach(err::println);
    StartupLog.ready(server).forEach(err::println);
    err.flush();
    return server;
  }

  /** The receipt log and the budgets it goes with; the server closes both when it stops. */
  private record Stores(ReceiptLog log, String label, BudgetStore budgets) {
    void close() {
      try {
        log.close();
      } catch (StoreException e) {
        // Start-up already failed; that error is the one to report.
      }
      if (budgets instanceof SqliteBudgetStore s) {
        s.close();
      }
    }
  }

  /**
   * With {@code --receipt-store}: the SQLite receipt log, and the grant budgets in the same file so
   * a restart cannot hand out spent {@code max_invocations} / {@code max_total_cost} again. Without
   * it: both in process memory, said plainly at start.
   */
  private Stores openStores(Ed25519SigningKey kernelKey, PrintWriter err) throws java.io.IOException {
    if (receiptStore == null) {
      err.println("WARN no --receipt-store: receipts and budgets are kept in process memory only (the latest "
          + IN_MEMORY_RECEIPTS + " receipts) and are lost on exit");
      return new Stores(new InMemoryReceiptLog(IN_MEMORY_RECEIPTS), "in-memory", null);
    }
    Path parent = receiptStore.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    SqliteReceiptLog log;
    try {
      log = SqliteReceiptLog.open(receiptStore, kernelKey, ReceiptLogOptions.DEFAULTS);
    } catch (StoreException e) {
      throw new UserError("cannot open the receipt store " + receiptStore + ": " + e.getMessage()
          + " (a store's checkpoints are signed by the kernel key: pass the --authority-seed-file that created it)");
    }
    try {
      return new Stores(log, receiptStore.toString(), SqliteBudgetStore.open(receiptStore));
    } catch (StoreException e) {
      try {
        log.close();
      } catch (StoreException ignored) {
        // Reporting the budget store's failure.
      }
      throw new UserError("cannot open the budgets in " + receiptStore + ": " + e.getMessage());
    }
  }

  private Ed25519SigningKey authorityKey(PrintWriter err) throws java.io.IOException {
    CommandLine c = spec.commandLine();
    while (c.getParent() != null) {
      c = c.getParent();
    }
    Path seed = ((Main) c.getCommand()).authoritySeedFile;
    if (seed != null) {
      return Io.readSeed(seed);
    }
    Ed25519SigningKey k = Ed25519SigningKey.generate(new SecureRandom());
    err.println("WARN no --authority-seed-file: receipts are signed by an ephemeral key that changes on restart");
    err.println("  kernel_key: " + k.publicKey().toHex());
    if (receiptStore != null) {
      // The store's checkpoint chain is signed by this key, so the next start (a new key) refuses it.
      err.println("  the --receipt-store " + receiptStore + " is bound to this key: pass an --authority-seed-file to reopen it");
    }
    return k;
  }

  private LoadedSpec loadSpec(URI up, PrintWriter err) throws java.io.IOException {
    LoadedSpec loaded;
    if (specFile != null) {
      try {
        loaded = SpecLoader.load(Files.readString(specFile, StandardCharsets.UTF_8), specFile.toString());
      } catch (SpecException e) {
        throw new UserError(e.getMessage());
      }
    } else {
      SpecDiscovery.Result found = SpecDiscovery.discover(up, Duration.ofSeconds(10));
      if (found.spec().isEmpty()) {
        StartupLog.specNotFound(found.attempts()).forEach(err::println);
        return SpecLoader.none("none");
      }
      loaded = found.spec().get();
    }
    StartupLog.specLoaded(loaded).forEach(err::println);
    return loaded;
  }
}
