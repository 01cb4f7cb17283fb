package io.chio.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import io.chio.mcp.ClientConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Print the snippet to paste into an MCP client's configuration so that it runs the server under",
      "'chio mcp serve' (same options). File paths are made absolute, since clients start servers from",
      "their own working directory. Claude Desktop: claude_desktop_config.json; Cursor: .cursor/mcp.json;",
      "VS Code: .vscode/mcp.json.",
      "Example: chio mcp config --emit claude-desktop --policy ./policy.yaml --server-id srv-files -- npx -y @modelcontextprotocol/server-filesystem /home/me/workspace"
    })
final class McpConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand McpCommand parent;

  @Option(names = "--emit", required = true, paramLabel = "CLIENT", description = "claude-desktop, cursor or vscode.")
  String emit;

  @Option(names = "--name", paramLabel = "NAME", description = "Entry name in the client's server list (default: the server id).")
  String name;

  @Option(names = "--chio", paramLabel = "PATH", defaultValue = "chio",
      description = "How the client starts chio: a command on its PATH or an absolute path (default: ${DEFAULT-VALUE}).")
  String chio;

  @Mixin McpServeOptions options;

  @Override
  public Integer call() {
    ClientConfig.Client client;
    try {
      client = ClientConfig.Client.parse(emit);
    } catch (IllegalArgumentException e) {
      throw new UserError("--emit: " + e.getMessage());
    }
    Main main = (Main) parent.spec.parent().userObject();
    List<String> args = new ArrayList<>();
    if (main.authoritySeedFile != null) {
      args.addAll(List.of("--authority-seed-file", main.authoritySeedFile.toAbsolutePath().normalize().toString()));
    }
    args.addAll(List.of("mcp", "serve"));
    if (options.policyChoice.policy != null) {
      args.addAll(List.of("--policy", options.policyChoice.policy.toAbsolutePath().normalize().toString()));
    } else {
      args.addAll(List.of("--preset", options.policyChoice.preset));
    }
    args.addAll(List.of("--server-id", options.serverId));
    if (options.receiptStore != null) {
      String store = options.receiptStore.equals(":memory:") ? options.receiptStore
          : java.nio.file.Path.of(options.receiptStore).toAbsolutePath().normalize().toString();
      args.addAll(List.of("--receipt-store", store));
    }
    if (options.capability != null) {
      args.addAll(List.of("--capability", options.capability.toAbsolutePath().normalize().toString()));
    }
    for (String issuer : options.trustedIssuers) {
      args.addAll(List.of("--trusted-issuer", issuer));
    }
    // Tuning flags travel into the snippet only when set away from their defaults.
    tuning(args, "--max-frame-bytes", Integer.toString(options.maxFrameBytes), McpServeOptions.DEFAULT_MAX_FRAME_BYTES);
    tuning(args, "--call-timeout", Long.toString(options.callTimeoutSeconds), McpServeOptions.DEFAULT_CALL_TIMEOUT);
    tuning(args, "--grant-ttl", Long.toString(options.grantTtlSeconds), McpServeOptions.DEFAULT_GRANT_TTL);
    tuning(args, "--guard-deadline-ms", Long.toString(options.guardDeadlineMillis), McpServeOptions.DEFAULT_GUARD_DEADLINE_MS);
    args.add("--");
    args.addAll(options.command);
    ObjectNode snippet = ClientConfig.snippet(client, name != null ? name : options.serverId, chio, args);
    try {
      spec.commandLine().getOut().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(snippet));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    spec.commandLine().getErr().println("chio: paste this into " + client.file());
    return ExitCodes.OK;
  }

  private static void tuning(List<String> args, String flag, String value, String dflt) {
    if (!value.equals(dflt)) {
      args.addAll(List.of(flag, value));
    }
  }
}
