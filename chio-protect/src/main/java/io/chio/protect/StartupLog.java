package io.chio.protect;

import io.chio.protect.route.LoadedSpec;
import io.chio.protect.route.RouteTable;
import java.util.ArrayList;
import java.util.List;

/** The start-up lines of the seed ("INFO loaded OpenAPI spec", "INFO built route table", "INFO chio api protect ready"). */
public final class StartupLog {
  private StartupLog() {}

  public static List<String> specLoaded(LoadedSpec spec) {
    return List.of(
        "INFO loaded OpenAPI spec",
        "  source: " + spec.source(),
        "  paths: " + spec.pathCount() + ", operations: " + spec.operationCount());
  }

  /** When no spec was given and none was found: every route takes the method-based default. */
  public static List<String> specNotFound(List<String> attempts) {
    List<String> out = new ArrayList<>();
    out.add("WARN no OpenAPI spec found; every request takes the method-based default (safe methods allowed, others need a capability)");
    for (String a : attempts) {
      out.add("  tried " + a);
    }
    return out;
  }

  public static List<String> routesBuilt(RouteTable routes) {
    return List.of(
        "INFO built route table",
        "  routes: " + routes.routes().size() + " (" + routes.safeCount() + " safe, " + routes.sideEffectCount() + " side-effect)");
  }

  /** {@code listening} shows the bound port when the configured one was 0. */
  public static List<String> ready(ProtectServer server) {
    ProtectConfig c = server.config();
    String host = c.listenHost().contains(":") ? "[" + c.listenHost() + "]" : c.listenHost();
    return List.of(
        "INFO chio api protect ready",
        "  upstream: " + c.upstream(),
        "  listening: " + host + ":" + server.port(),
        "  receipts: " + c.receiptStoreLabel());
  }
}
