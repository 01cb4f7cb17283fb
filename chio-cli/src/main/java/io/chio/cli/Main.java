package io.chio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chio} command. Data goes to stdout, diagnostics to stderr. Exit codes: 0 success /
 * valid / allow, 1 invalid / deny, 2 bad input or usage, 3 pending approval.
 */
@Command(
    name = "chio",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Chio: capability tokens, guards and signed receipts between agents and their tools.",
    subcommands = {KeygenCommand.class, CanonicalizeCommand.class, CapabilityCommand.class, ReceiptCommand.class, MerkleCommand.class,
        CheckCommand.class, PolicyCommand.class, CheckpointCommand.class, McpCommand.class, ApiCommand.class, LambdaCommand.class, GovernCommand.class, DemoCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success, valid, allow", "1:invalid, deny", "2:bad input or usage", "3:pending approval"})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--receipt-db",
      paramLabel = "FILE",
      scope = CommandLine.ScopeType.INHERIT,
      description = "SQLite receipt log used by receipt and checkpoint commands.")
  java.nio.file.Path receiptDb;

  @CommandLine.Option(
      names = "--authority-seed-file",
      paramLabel = "FILE",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Seed file (hex) of the kernel/authority signing key.")
  java.nio.file.Path authoritySeedFile;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI on the process's streams and returns its exit code. */
  public static int run(String... args) {
    // UTF-8 regardless of the locale: receipts are printed as their exact signed bytes.
    return run(
        new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true),
        new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true),
        args);
  }

  /** Runs the CLI with the given streams (tests must not call System.exit). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new Errors.Handler());
    cl.setParameterExceptionHandler(new Errors.UsageHandler());
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
