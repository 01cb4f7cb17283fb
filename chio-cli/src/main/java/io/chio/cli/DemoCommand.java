package io.chio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole story on this machine, nothing to install: a sample Orders API, protected by chio,",
      "called by a scripted agent (an allowed read, a denied write, a write with a freshly minted",
      "capability, an out-of-tenant write, an approval-required call). Prints each response and receipt",
      "id, then verifies every receipt and a Merkle inclusion proof. Exit 0 when every check passes.",
      "With --serve, keeps the sample API and the proxy running afterwards and writes ./refund-cap.jws,",
      "so the seed's curl example can be run by hand."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--serve", description = "After the scripted run, keep serving until interrupted.")
  boolean serve;

  @Option(names = "--listen", defaultValue = "127.0.0.1:9090", paramLabel = "ADDR",
      description = "Proxy address for --serve (default ${DEFAULT-VALUE}).")
  String listen;

  @Override
  public Integer call() throws Exception {
    Demo demo = new Demo(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (!demo.run()) {
      return ExitCodes.INVALID;
    }
    if (serve) {
      demo.serve(listen, java.nio.file.Path.of("refund-cap.jws"));
    }
    return ExitCodes.OK;
  }
}
