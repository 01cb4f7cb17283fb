package io.chio.cli;

import io.chio.lambda.layer.ClassCache;
import io.chio.lambda.layer.LayerPackage;
import io.chio.lambda.policy.LambdaPolicyException;
import io.chio.lambda.policy.LambdaPolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
      "(checked before it is packed) and optionally a class cache (chio/chio.aot or chio/chio.jsa). Prints the entries as JSON."
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

  @Option(names = "--class-cache", description = "Make the class cache now, with one training run of the extension on loopback "
      + "using the JDK of --java: chio/chio.aot for JDK 25+ (-XX:AOTCache), chio/chio.jsa (AppCDS) for JDK 17-24.")
  boolean classCache;

  @Option(names = "--java", paramLabel = "JAVA", description = "The java of the JDK the function runs on, for --class-cache. "
      + "Default: the java running this command.")
  Path java;

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
    if (classCache && aotCache != null) {
      throw new UserError("--class-cache makes the cache that --aot-cache would ship: use one of them");
    }
    if (java != null && !classCache) {
      throw new UserError("--java is the JDK for --class-cache: add --class-cache");
    }
    Map<String, Long> entries;
    if (classCache) {
      Path jdk = java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java");
      if (!Files.isExecutable(jdk)) {
        throw new UserError("--java " + jdk + " is not an executable java");
      }
      Path scratch = Files.createTempDirectory("chio-class-cache");
      try {
        Path cache;
        try {
          cache = ClassCache.make(jdk, j, policyBytes, scratch);
        } catch (IOException e) {
          throw new UserError("--class-cache: " + e.getMessage());
        }
        entries = LayerPackage.write(out, j, policyBytes, cache);
      } finally {
        deleteTree(scratch);
      }
    } else {
      entries = LayerPackage.write(out, j, policyBytes, aotCache);
    }
    var o = io.chio.core.json.Json.object().put("layer", out.toString()).put("bytes", Files.size(out));
    var e = o.putObject("entries");
    entries.forEach(e::put);
    outw.println(o.toPrettyString());
    return ExitCodes.OK;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
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
