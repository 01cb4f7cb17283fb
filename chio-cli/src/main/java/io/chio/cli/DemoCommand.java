package io.chio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole story on this machine, nothing to install: a sample Orders API, protected by chio,",
      "called by a scripted agent (an allowed read, a denied write, a write with a freshly minted",
      "capability, an out-of-tenant write, an approval-required call). Prints each response and receipt",
      "id, then verifies every receipt and a Merkle inclusion proof. Exit 0 when every check passes."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return new Demo(spec.commandLine().getOut(), spec.commandLine().getErr()).run() ? ExitCodes.OK : ExitCodes.INVALID;
  }
}
