package io.chio.cli;

import picocli.CommandLine.Command;

@Command(
    name = "merkle",
    mixinStandardHelpOptions = true,
    description = {
      "RFC 6962 Merkle inclusion proofs over a JSON Lines file (one leaf per line).",
      "Each leaf is the canonical JSON of its line, as in the receipt log."
    },
    subcommands = {MerkleProveCommand.class, MerkleVerifyCommand.class})
final class MerkleCommand {}
