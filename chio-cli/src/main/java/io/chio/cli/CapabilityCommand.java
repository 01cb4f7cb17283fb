package io.chio.cli;

import picocli.CommandLine.Command;

@Command(
    name = "capability",
    mixinStandardHelpOptions = true,
    description = "Mint, attenuate and verify capability tokens (chio.capability.v1).",
    subcommands = {CapabilityMintCommand.class, CapabilityAttenuateCommand.class, CapabilityVerifyCommand.class})
final class CapabilityCommand {}
