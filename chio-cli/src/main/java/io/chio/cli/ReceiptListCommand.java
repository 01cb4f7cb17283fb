package io.chio.cli;

import io.chio.store.ReceiptFilter;
import io.chio.store.ReceiptLogReader;
import io.chio.store.ReceiptPage;
import io.chio.store.StoredReceipt;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--capability", paramLabel = "ID", description = "Capability id.")
  String capability;

  @Option(names = "--tool-server", paramLabel = "S", description = "Tool server id.")
  String toolServer;

  @Option(names = "--tool-name", paramLabel = "T", description = "Tool name.")
  String toolName;

  @Option(names = "--outcome", paramLabel = "O", description = "allow | deny | cancelled | incomplete | pending_approval.")
  String outcome;

  @Option(names = "--since", paramLabel = "TIME", description = "Receipts at or after TIME (Unix seconds or ISO-8601).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Receipts at or before TIME (Unix seconds or ISO-8601).")
  String until;

  @Option(names = "--min-cost", paramLabel = "UNITS", description = "Realized cost at least UNITS (minor units).")
  Long minCost;

  @Option(names = "--max-cost", paramLabel = "UNITS", description = "Realized cost at most UNITS (minor units).")
  Long maxCost;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Page size (default ${DEFAULT-VALUE}, max 10000).")
  int limit;

  @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
  String cursor;

  @Override
  public Integer call() throws Exception {
    ReceiptFilter filter;
    try {
      filter =
          ReceiptFilter.builder()
              .capabilityId(capability)
              .toolServer(toolServer)
              .toolName(toolName)
              .outcome(outcome)
              .since(since == null ? null : ReceiptFilter.parseTime(since))
              .until(until == null ? null : ReceiptFilter.parseTime(until))
              .minCost(minCost)
              .maxCost(maxCost)
              .build();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
      ReceiptPage page;
      try {
        page = reader.list(filter, limit, cursor);
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
