package io.chio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chio receipt ...}. Nothing here deletes or edits a receipt. */
@Command(
    name = "receipt",
    mixinStandardHelpOptions = true,
    description = "Verify, list, prove and export signed receipts (log commands read the file given by --receipt-db).",
    subcommands = {
      ReceiptVerifyCommand.class,
      ReceiptListCommand.class,
      ReceiptGetCommand.class,
      ReceiptProofCommand.class,
      ReceiptExportCommand.class
    })
final class ReceiptCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a receipt subcommand is required");
  }
}
