package io.chio.cli;

import io.chio.kernel.store.StoreException;
import io.chio.store.ReceiptLogReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    description = {
      "Print the inclusion proof of one receipt: the receipt, its batch's signed checkpoint and its audit path;",
      "with --checkpoint N, also the signed checkpoints linking that batch to the later checkpoint N.",
      "Output: {\"receipt_seq\",\"receipt\",\"checkpoint\",\"inclusion_proof\",\"later_checkpoints\"}."
    })
final class ReceiptProofCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Receipt id.")
  String id;

  @Option(names = "--checkpoint", paramLabel = "N", description = "Prove against the later checkpoint N (default: the receipt's own batch checkpoint).")
  Long checkpoint;

  @Override
  public Integer call() throws Exception {
    try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
      try {
        Io.printJson(spec.commandLine().getOut(), reader.proof(id, checkpoint).toJson());
      } catch (StoreException e) {
        throw new UserError(e.getMessage());
      }
    }
    return ExitCodes.OK;
  }
}
