package io.chio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chio receipt ...}: read-only access to the receipt log. No subcommand deletes or edits receipts. */
@Command(
    name = "receipt",
    mixinStandardHelpOptions = true,
    description = "Query, prove, verify and export receipts in the log given by --receipt-db.",
    subcommands = {ReceiptListCommand.class, ReceiptGetCommand.class})
final class ReceiptCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a receipt subcommand is required");
  }
}
