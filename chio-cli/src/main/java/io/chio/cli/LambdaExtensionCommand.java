package io.chio.cli;

import io.chio.lambda.extension.ExtensionConfig;
import io.chio.lambda.extension.ExtensionMain;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "extension",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Chio Lambda extension: register with the Extensions API at $AWS_LAMBDA_RUNTIME_API (without it,",
      "run locally until SIGTERM), load the policy, serve GET /health, POST /v1/evaluate and POST /v1/record on",
      "$CHIO_EXTENSION_ADDR (default 127.0.0.1:9090), and flush receipts to the sink on SHUTDOWN. Flags override",
      "the CHIO_* environment variables the layer's extensions/chio launcher passes."
    })
final class LambdaExtensionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--policy", paramLabel = "FILE", description = "chio-policy.yaml (a path or s3://BUCKET/KEY). Default: "
      + "$CHIO_POLICY_SOURCE, else " + ExtensionConfig.DEFAULT_POLICY + ".")
  String policy;

  @Option(names = "--sink", paramLabel = "SPEC", description = "Receipt sink: file:PATH, sqlite:PATH, dynamodb:TABLE, sqs:QUEUE_URL or "
      + "s3://BUCKET/PREFIX. Default: $CHIO_RECEIPT_SINK, else dynamodb:$CHIO_RECEIPT_TABLE, else " + ExtensionConfig.DEFAULT_SINK + ".")
  String sink;

  @Option(names = "--sink-mode", paramLabel = "MODE", description = "buffered (flush in batches and on SHUTDOWN; default) or sync "
      + "(every receipt in the sink before /v1/evaluate answers).")
  String sinkMode;

  @Option(names = "--listen", paramLabel = "ADDR", description = "host:port to serve on. Default: $CHIO_EXTENSION_ADDR, else 127.0.0.1:9090.")
  String listen;

  @Override
  public Integer call() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (listen != null) {
      env.put("CHIO_EXTENSION_ADDR", listen);
    }
    CommandLine root = spec.commandLine();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Path seed = ((Main) root.getCommand()).authoritySeedFile;
    if (seed != null) {
      env.put("CHIO_SIGNING_SEED_FILE", seed.toString());
    }
    if (sinkMode != null && !sinkMode.equals("buffered") && !sinkMode.equals("sync")) {
      throw new UserError("--sink-mode " + sinkMode + ": use buffered or sync");
    }
    ExtensionConfig cfg;
    try {
      cfg = ExtensionConfig.from(env, policy, sink, sinkMode);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    return ExtensionMain.run(cfg);
  }
}
