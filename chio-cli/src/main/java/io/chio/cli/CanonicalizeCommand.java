package io.chio.cli;

import io.chio.core.json.CanonicalJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "canonicalize",
    mixinStandardHelpOptions = true,
    description = "Print the RFC 8785 canonical JSON of FILE (or stdin for '-' or no argument).")
final class CanonicalizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "FILE|-", description = "Input JSON; default stdin.")
  String input;

  @Override
  public Integer call() throws Exception {
    byte[] canonical = CanonicalJson.canonicalize(Io.read(input));
    PrintWriter out = spec.commandLine().getOut();
    out.println(new String(canonical, StandardCharsets.UTF_8));
    out.flush();
    return ExitCodes.OK;
  }
}
