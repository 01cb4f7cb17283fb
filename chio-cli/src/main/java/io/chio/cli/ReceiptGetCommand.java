package io.chio.cli;

import io.chio.store.ReceiptLogReader;
import io.chio.store.StoredReceipt;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Print one receipt's exact signed JSON.")
final class ReceiptGetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Receipt id.")
  String id;

  @Override
  public Integer call() throws Exception {
    try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
      StoredReceipt r = reader.get(id).orElseThrow(() -> new UserError("no receipt with id " + id + " in " + reader.file()));
      PrintWriter out = spec.commandLine().getOut();
      out.println(r.json());
      out.flush();
    }
    return ExitCodes.OK;
  }
}
