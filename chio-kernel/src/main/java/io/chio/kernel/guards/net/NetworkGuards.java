package io.chio.kernel.guards.net;

import io.chio.kernel.guard.GuardFactory;
import java.util.Map;

/** Registers this package's guards in the catalog: egress-allowlist, internal-network, mcp-tool, sql-query, browser-automation. */
public final class NetworkGuards {
  private NetworkGuards() {}

  public static void register(Map<String, GuardFactory> catalog) {
    catalog.put(EgressAllowlistGuard.NAME, EgressAllowlistGuard::create);
    catalog.put(InternalNetworkGuard.NAME, InternalNetworkGuard::create);
    catalog.put(McpToolGuard.NAME, McpToolGuard::create);
    catalog.put(SqlQueryGuard.NAME, SqlQueryGuard::create);
    catalog.put(BrowserAutomationGuard.NAME, BrowserAutomationGuard::create);
  }
}
