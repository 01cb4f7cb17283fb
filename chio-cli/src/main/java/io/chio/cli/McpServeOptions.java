package io.chio.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of {@code chio mcp serve}, shared with {@code chio mcp config} (which emits them). */
final class McpServeOptions {
  static final class PolicyChoice {
    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "HushSpec policy file.")
    Path policy;

    @Option(names = "--preset", required = true, paramLabel = "NAME",
        description = "A shipped policy instead of a file: default, code-agent, read-only, api-agent, mcp-filesystem.")
    String preset;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  PolicyChoice policyChoice;

  @Option(names = "--server-id", required = true, paramLabel = "ID", description = "Id of the wrapped server in capabilities and receipts.")
  String serverId;

  @Option(names = "--receipt-store", paramLabel = "FILE",
      description = "SQLite receipt log (default: ~/.chio/receipts.sqlite; ':memory:' keeps receipts in memory only).")
  String receiptStore;

  @Option(names = "--capability", paramLabel = "FILE",
      description = "Capability token (JSON) every call presents; default: the policy's grants issued to a fresh session key.")
  Path capability;

  @Option(names = "--trusted-issuer", paramLabel = "HEX", description = "Another capability issuer key to trust; repeatable.")
  List<String> trustedIssuers = new ArrayList<>();

  @Option(names = "--listen", paramLabel = "ADDR",
      description = "Serve MCP Streamable HTTP on ADDR (host:port, :port or port) instead of stdio.")
  String listen;

  @Option(names = "--path", paramLabel = "PATH", defaultValue = "/mcp", description = "HTTP endpoint path (default: ${DEFAULT-VALUE}).")
  String path;

  static final String DEFAULT_MAX_FRAME_BYTES = "4194304";
  static final String DEFAULT_CALL_TIMEOUT = "300";
  static final String DEFAULT_GRANT_TTL = "86400";
  static final String DEFAULT_GUARD_DEADLINE_MS = "100";

  @Option(names = "--max-frame-bytes", paramLabel = "N", defaultValue = DEFAULT_MAX_FRAME_BYTES,
      description = "Largest JSON-RPC message accepted from either side (default: ${DEFAULT-VALUE}).")
  int maxFrameBytes;

  @Option(names = "--call-timeout", paramLabel = "SECONDS", defaultValue = DEFAULT_CALL_TIMEOUT,
      description = "How long a request may wait for the server (default: ${DEFAULT-VALUE}).")
  long callTimeoutSeconds;

  @Option(names = "--grant-ttl", paramLabel = "SECONDS", defaultValue = DEFAULT_GRANT_TTL,
      description = "Lifetime of the capability issued from the policy's grants (default: ${DEFAULT-VALUE}).")
  long grantTtlSeconds;

  @Option(names = "--guard-deadline-ms", paramLabel = "MS", defaultValue = DEFAULT_GUARD_DEADLINE_MS,
      description = "Longest one guard may take on one call; over it the call is denied (fail-closed) (default: ${DEFAULT-VALUE}).")
  long guardDeadlineMillis;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The MCP server to run, after --.")
  List<String> command = new ArrayList<>();
}
