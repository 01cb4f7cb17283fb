package io.chio.cli;

import io.chio.store.ReceiptFilter;
import picocli.CommandLine.Option;

/** The receipt query filters shared by {@code receipt list} and {@code receipt export}. */
final class ReceiptFilterOptions {
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

  ReceiptFilter toFilter() {
    try {
      return ReceiptFilter.builder()
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
  }
}
