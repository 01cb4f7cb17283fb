package io.chio.cli;

import picocli.CommandLine.Command;

@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description = "Put chio in front of a plain HTTP/REST service.",
    subcommands = {ApiProtectCommand.class})
final class ApiCommand {}
