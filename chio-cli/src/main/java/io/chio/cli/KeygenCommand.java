package io.chio.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.did.DidChio;
import io.chio.core.json.Json;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Create an Ed25519 key pair and print {\"public_key\": hex, \"did\": \"did:chio:...\"}.",
      "With --out, the 32-byte seed is written as hex to FILE (mode 600); it is never printed."
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--seed-hex", paramLabel = "HEX", description = "Derive the key from this 32-byte seed instead of a random one.")
  String seedHex;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the seed hex to FILE (created with mode 600; never overwritten).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Ed25519SigningKey key = seedHex != null ? Ed25519SigningKey.fromSeedHex(seedHex) : Ed25519SigningKey.generate(new SecureRandom());
    if (out != null) {
      Io.writeSecret(out, key.exportSeedHex() + "\n");
    }
    ObjectNode o = Json.object();
    o.put("public_key", key.publicKey().toHex());
    o.put("did", new DidChio(key.publicKey()).toString());
    Io.printJson(spec.commandLine().getOut(), o);
    return ExitCodes.OK;
  }
}
