package io.chio.cli;

import io.chio.store.ReceiptLogReader;
import io.chio.store.ReceiptPage;
import io.chio.store.StoredReceipt;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Print matching receipts as JSON Lines (their exact signed bytes), oldest first.",
      "When more match than --limit, the cursor for the next page is printed on stderr as 'next cursor: C'."
    })
final class ReceiptListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ReceiptFilterOptions filter;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Page size (default ${DEFAULT-VALUE}, max 10000).")
  int limit;

  @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
  String cursor;

  @Override
  public Integer call() throws Exception {
    var f = filter.toFilter();
    try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
      ReceiptPage page;
      try {
        page = reader.list(f, limit, cursor);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      for (StoredReceipt r : page.receipts()) {
        out.println(r.json());
      }
      out.flush();
      page.nextCursor().ifPresent(c -> {
        spec.commandLine().getErr().println("next cursor: " + c);
        spec.commandLine().getErr().flush();
      });
    }
    return ExitCodes.OK;
  }
}
