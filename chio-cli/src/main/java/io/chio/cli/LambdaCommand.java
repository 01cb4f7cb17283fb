package io.chio.cli;

import picocli.CommandLine.Command;

@Command(
    name = "lambda",
    mixinStandardHelpOptions = true,
    description = "AWS Lambda: run the Chio extension, or build its layer.",
    subcommands = {LambdaExtensionCommand.class, LambdaPackageCommand.class})
final class LambdaCommand {}
