package io.chio.cli;

import picocli.CommandLine.Command;

@Command(
    name = "receipt",
    mixinStandardHelpOptions = true,
    description = "Verify, list and prove signed receipts.",
    subcommands = {ReceiptVerifyCommand.class})
final class ReceiptCommand {}
