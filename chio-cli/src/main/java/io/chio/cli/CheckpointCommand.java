package io.chio.cli;

import io.chio.core.merkle.SignedCheckpoint;
import io.chio.kernel.store.StoreException;
import io.chio.store.CheckpointConsistency;
import io.chio.store.ReceiptLogReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chio checkpoint list | show N | consistency A B} over the log in --receipt-db. */
@Command(
    name = "checkpoint",
    mixinStandardHelpOptions = true,
    description = "Inspect the signed checkpoint chain of the log given by --receipt-db.",
    subcommands = {CheckpointCommand.ListCommand.class, CheckpointCommand.Show.class, CheckpointCommand.Consistency.class})
final class CheckpointCommand implements Runnable {
  @CommandLine.Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a checkpoint subcommand is required");
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Print every signed checkpoint as JSON Lines ({\"body\",\"signature\"}), oldest first.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
        PrintWriter out = spec.commandLine().getOut();
        // In pages, so a long chain never sits in memory at once.
        for (long from = 1; ; from += 1000) {
          List<SignedCheckpoint> page = reader.checkpoints(from, from + 999);
          for (SignedCheckpoint c : page) {
            out.println(new String(c.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8));
          }
          if (page.size() < 1000) {
            break;
          }
        }
        out.flush();
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print signed checkpoint N.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "N", description = "Checkpoint number.")
    long n;

    @Override
    public Integer call() throws Exception {
      try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
        SignedCheckpoint c = reader.checkpoint(n).orElseThrow(() -> new UserError("no checkpoint " + n + " in " + reader.file()));
        Io.printJson(spec.commandLine().getOut(), c.toJson());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = {
        "Print the proof that checkpoint B extends checkpoint A: the signed checkpoints A..B, each naming its",
        "predecessor's digest. The chain is checked against the kernel key the checkpoints name before printing;",
        "exit 1 if it does not hold."
      })
  static final class Consistency implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "Earlier checkpoint.")
    long a;

    @Parameters(index = "1", paramLabel = "B", description = "Later checkpoint.")
    long b;

    @Override
    public Integer call() throws Exception {
      try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
        CheckpointConsistency c;
        try {
          c = reader.consistency(a, b);
        } catch (StoreException | IllegalArgumentException e) {
          throw new UserError(e.getMessage());
        }
        Io.printJson(spec.commandLine().getOut(), c.toJson());
        List<String> problems = c.verify(c.to().body().kernelKey());
        if (!problems.isEmpty()) {
          spec.commandLine().getErr().println("chio: checkpoint " + b + " does not extend " + a + ": " + problems.get(0));
          spec.commandLine().getErr().flush();
          return ExitCodes.INVALID;
        }
      }
      return ExitCodes.OK;
    }
  }
}
