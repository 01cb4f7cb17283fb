package io.chio.cli;

import io.chio.lambda.layer.LayerPackage;
import io.chio.lambda.policy.LambdaPolicyException;
import io.chio.lambda.policy.LambdaPolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "package",
    mixinStandardHelpOptions = true,
    description = {
      "Build the Chio extension layer: extensions/chio (launcher), chio/chio.jar (this jar), chio/chio-policy.yaml",
      "(checked before it is packed) and optionally chio/chio.aot. Prints the entries as JSON."
    })
final class LambdaPackageCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "ZIP", description = "Layer zip to write.")
  Path out;

  @Option(names = "--policy", paramLabel = "FILE", description = "chio-policy.yaml to bundle. Default: deny every tool.")
  Path policy;

  @Option(names = "--jar", paramLabel = "JAR", description = "The chio jar to ship. Default: the jar this command runs from.")
  Path jar;

  @Option(names = "--aot-cache", paramLabel = "FILE", description = "A class cache made with the function's JDK: a JDK 25 AOT "
      + "cache (shipped as chio/chio.aot) or an AppCDS archive ending in .jsa (chio/chio.jsa). chio-bench/scripts/lambda-coldstart.sh "
      + "makes both.")
  Path aotCache;

  @Override
  public Integer call() throws IOException {
    PrintWriter outw = spec.commandLine().getOut();
    byte[] policyBytes;
    if (policy != null) {
      try {
        LambdaPolicyLoader.load(policy);
      } catch (LambdaPolicyException e) {
        throw new UserError("policy refused: " + e.getMessage());
      }
      policyBytes = Files.readAllBytes(policy);
    } else {
      policyBytes = LayerPackage.defaultPolicy();
    }
    Path j = jar != null ? jar : runningJar();
    if (!Files.isRegularFile(j)) {
      throw new UserError("--jar " + j + " is not a file");
    }
    if (aotCache != null && !Files.isRegularFile(aotCache)) {
      throw new UserError("--aot-cache " + aotCache + " is not a file");
    }
    Map<String, Long> entries = LayerPackage.write(out, j, policyBytes, aotCache);
    var o = io.chio.core.json.Json.object().put("layer", out.toString()).put("bytes", Files.size(out));
    var e = o.putObject("entries");
    entries.forEach(e::put);
    outw.println(o.toPrettyString());
    return ExitCodes.OK;
  }

  private static Path runningJar() {
    try {
      Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(p)) {
        throw new UserError("chio is not running from its jar (" + p + "): pass --jar chio-cli/target/chio.jar");
      }
      return p;
    } catch (URISyntaxException | SecurityException e) {
      throw new UserError("cannot tell which jar chio runs from: pass --jar");
    }
  }
}
