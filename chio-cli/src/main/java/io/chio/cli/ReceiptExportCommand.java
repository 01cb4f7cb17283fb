package io.chio.cli;

import io.chio.store.EvidenceBundle;
import io.chio.store.ReceiptLogReader;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write an evidence bundle (chio.evidence_bundle.v1) of the matching receipts: each receipt's exact signed",
      "bytes with its audit path into its batch checkpoint, plus the signed checkpoint chain to the current head.",
      "Verify it anywhere with: chio receipt verify --bundle FILE --kernel-key HEX.",
      "Receipts newer than the last checkpoint cannot be proven yet and are left out (counted on stderr)."
    })
final class ReceiptExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ReceiptFilterOptions filter;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (must not exist) instead of stdout.")
  Path out;

  @Override
  public Integer call() throws Exception {
    var f = filter.toFilter();
    EvidenceBundle.ExportSummary s;
    try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
      if (out != null) {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(
            Files.newOutputStream(out, StandardOpenOption.CREATE_NEW), StandardCharsets.UTF_8))) {
          s = EvidenceBundle.export(reader, f, w);
        }
      } else {
        PrintWriter stdout = spec.commandLine().getOut();
        s = EvidenceBundle.export(reader, f, stdout);
        stdout.println();
        stdout.flush();
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("exported " + s.receipts() + " receipts"
        + (s.receipts() == 0 ? "" : " with checkpoints " + s.firstCheckpoint() + ".." + s.lastCheckpoint())
        + (s.leftOut() == 0 ? "" : "; " + s.leftOut() + " newer receipts are not checkpointed yet and were left out"));
    err.flush();
    return ExitCodes.OK;
  }
}
