package io.chio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = "Govern MCP servers: every tools/call through the kernel, with signed receipts.",
    subcommands = {McpServeCommand.class, McpConfigCommand.class})
final class McpCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "an mcp command is required (serve, config)");
  }
}
