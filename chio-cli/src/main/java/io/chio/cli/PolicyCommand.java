package io.chio.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Work with HushSpec policy files.",
    subcommands = {PolicyValidateCommand.class})
final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a policy command is required (validate)");
  }
}
