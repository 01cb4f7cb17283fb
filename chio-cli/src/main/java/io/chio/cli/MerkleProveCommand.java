package io.chio.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.merkle.MerkleTree;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "prove",
    mixinStandardHelpOptions = true,
    description = "Print {\"root\": \"0x..\", \"proof\": {tree_size, leaf_index, audit_path}} for leaf N (0-based).")
final class MerkleProveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--leaves", required = true, paramLabel = "FILE", description = "JSON Lines file, one leaf per line.")
  Path leaves;

  @Option(names = "--index", required = true, paramLabel = "N", description = "0-based index of the leaf (blank lines not counted).")
  long index;

  @Override
  public Integer call() throws Exception {
    List<byte[]> data = JsonLines.canonicalLeaves(leaves);
    if (data.isEmpty()) {
      throw new UserError(leaves + ": no leaves");
    }
    if (index < 0 || index >= data.size()) {
      throw new UserError("--index " + index + " is outside 0.." + (data.size() - 1));
    }
    MerkleTree tree = MerkleTree.of(data);
    ObjectNode out = io.chio.core.json.Json.object();
    out.put("root", tree.root().toWire());
    out.set("proof", tree.inclusionProof(index).toJson());
    Io.printJson(spec.commandLine().getOut(), out);
    return ExitCodes.OK;
  }
}
