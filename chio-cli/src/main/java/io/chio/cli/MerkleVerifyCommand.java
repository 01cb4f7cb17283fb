package io.chio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.core.merkle.InclusionProof;
import io.chio.core.merkle.MerkleHash;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check that a leaf is included under a root. The proof file may be the output of 'merkle prove'",
      "or the bare proof object. Prints {\"valid\": bool}; exit 0 valid, 1 not, 2 unreadable input."
    })
final class MerkleVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--proof", required = true, paramLabel = "FILE", description = "Inclusion proof JSON.")
  String proof;

  @Option(names = "--leaf", required = true, paramLabel = "FILE", description = "The leaf JSON (canonicalized before hashing).")
  String leaf;

  @Option(names = "--root", required = true, paramLabel = "0x..", description = "Expected Merkle root.")
  String root;

  @Override
  public Integer call() throws Exception {
    JsonNode p = Json.parseObject(Io.read(proof), "proof");
    if (p.has("proof")) {
      p = p.get("proof");
    }
    InclusionProof inclusion = InclusionProof.fromJson(p);
    MerkleHash expected = MerkleHash.fromWire(root, "--root");
    boolean valid = inclusion.verify(CanonicalJson.canonicalize(Io.read(leaf)), expected);
    ObjectNode out = Json.object().put("valid", valid);
    Io.printJson(spec.commandLine().getOut(), out);
    return valid ? ExitCodes.OK : ExitCodes.INVALID;
  }
}
