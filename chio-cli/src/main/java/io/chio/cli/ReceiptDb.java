package io.chio.cli;

import io.chio.kernel.store.StoreException;
import io.chio.store.ReceiptLogReader;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Opens the log named by the global {@code --receipt-db} option, read-only. */
final class ReceiptDb {
  private ReceiptDb() {}

  static Path path(CommandSpec spec) {
    CommandLine c = spec.commandLine();
    while (c.getParent() != null) {
      c = c.getParent();
    }
    Path p = ((Main) c.getCommand()).receiptDb;
    if (p == null) {
      throw new UserError("--receipt-db FILE is required for " + spec.qualifiedName());
    }
    return p;
  }

  static ReceiptLogReader open(CommandSpec spec) {
    Path p = path(spec);
    try {
      return ReceiptLogReader.open(p);
    } catch (StoreException e) {
      throw new UserError(e.getMessage());
    }
  }
}
