package io.chio.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.core.receipt.VerificationResult;
import io.chio.kernel.store.StoreException;
import io.chio.store.EvidenceBundle;
import io.chio.store.LogProblem;
import io.chio.store.LogVerification;
import io.chio.store.LogVerifier;
import io.chio.store.ReceiptLogReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify offline, one of:",
      "  --receipt FILE  one signed receipt (ChioReceipt or HttpReceipt, detected by shape). Prints",
      "                  {\"signature_valid\",\"receipt_id_valid\",\"kind\",\"ok\",...}; 'ok' needs the signer to be",
      "                  a --kernel-key: without one, a receipt anyone could have signed is never ok.",
      "  --db            the whole log in --receipt-db: every receipt, seq, checkpoint, link and batch root.",
      "                  Exit 1 names the first broken seq or checkpoint. Without --kernel-key the key named",
      "                  by the log's checkpoints is used, which proves consistency, not origin.",
      "  --bundle FILE   an evidence bundle from 'receipt export', with exactly one --kernel-key.",
      "Exit 0 when everything verifies, 1 when something does not, 2 on unreadable input."
    })
final class ReceiptVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final class Mode {
    @Option(names = "--receipt", paramLabel = "FILE", description = "Receipt JSON ('-' for stdin).")
    String receipt;

    @Option(names = "--db", description = "Verify the whole log given by --receipt-db.")
    boolean db;

    @Option(names = "--bundle", paramLabel = "FILE", description = "Evidence bundle JSON ('-' for stdin).")
    String bundle;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  @Option(names = "--kernel-key", paramLabel = "HEX", description = "A kernel public key to trust; repeatable for --receipt.")
  List<String> kernelKeys = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<Ed25519PublicKey> keys = new ArrayList<>();
    for (String hex : kernelKeys) {
      keys.add(Ed25519PublicKey.fromHex(hex, "--kernel-key"));
    }
    if (mode.db) {
      return verifyDb(keys);
    }
    if (mode.bundle != null) {
      return verifyBundle(keys);
    }
    VerificationResult v = ReceiptVerifier.trusting(keys).verify(Json.parseObject(Io.read(mode.receipt), "receipt"));
    ObjectNode out = v.toJson();
    Io.printJson(spec.commandLine().getOut(), out);
    if (keys.isEmpty() && v.signatureValid()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("chio: signature checks out under the receipt's own kernel_key, but no --kernel-key was given to trust it");
      err.flush();
    }
    return v.ok() ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private Ed25519PublicKey single(List<Ed25519PublicKey> keys, String what) {
    if (keys.size() > 1) {
      throw new UserError(what + " is verified against one --kernel-key; got " + keys.size());
    }
    return keys.isEmpty() ? null : keys.get(0);
  }

  private int verifyDb(List<Ed25519PublicKey> keys) throws StoreException {
    Ed25519PublicKey key = single(keys, "--db");
    PrintWriter err = spec.commandLine().getErr();
    try (ReceiptLogReader reader = ReceiptDb.open(spec)) {
      if (key == null) {
        key = reader.latestCheckpoint()
            .map(c -> c.body().kernelKey())
            .orElseThrow(() -> new UserError("the log has no checkpoint to take a kernel key from; pass --kernel-key HEX"));
        err.println("chio: verifying against kernel key " + key.toHex() + " named by the log itself; pass --kernel-key to pin it");
        err.flush();
      }
      long total = reader.lastSeq();
      boolean terminal = stderrIsTerminal();
      LogVerification v = LogVerifier.verify(reader, key, seq -> {
        if (terminal) {
          err.print("\rverified " + seq + " / " + total + " receipts");
          err.flush();
        }
      });
      if (terminal) {
        err.println();
      }
      ObjectNode out = Json.object()
          .put("ok", v.ok())
          .put("kernel_key", key.toHex())
          .put("receipts", v.receipts())
          .put("checkpoints", v.checkpoints())
          .put("uncheckpointed", v.uncheckpointed());
      ArrayNode problems = out.putArray("problems");
      for (LogProblem p : v.problems()) {
        ObjectNode o = problems.addObject().put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (p.receiptSeq() > 0) {
          o.put("receipt_seq", p.receiptSeq());
        }
        if (p.checkpointSeq() > 0) {
          o.put("checkpoint_seq", p.checkpointSeq());
        }
        o.put("message", p.message());
      }
      Io.printJson(spec.commandLine().getOut(), out);
      if (!v.ok()) {
        err.println("chio: log is broken: " + v.firstProblem().orElseThrow().message()
            + (v.problems().size() > 1 ? " (and " + (v.problems().size() - 1) + " more)" : ""));
        err.flush();
        return ExitCodes.INVALID;
      }
      return ExitCodes.OK;
    }
  }

  /**
   * Progress goes to stderr only when a person is watching it. Java has no isatty(2); on Linux,
   * fd 2 pointing at a tty device says so exactly, elsewhere an interactive console is the hint.
   */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }

  private int verifyBundle(List<Ed25519PublicKey> keys) throws Exception {
    Ed25519PublicKey key = single(keys, "--bundle");
    if (key == null) {
      throw new UserError("--bundle needs --kernel-key HEX: a bundle is only evidence against a key you trust");
    }
    byte[] bytes = mode.bundle.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(mode.bundle));
    EvidenceBundle.Verification v = EvidenceBundle.verify(bytes, key);
    ObjectNode out = Json.object().put("ok", v.ok()).put("receipts", v.receipts()).put("checkpoints", v.checkpoints());
    ArrayNode problems = out.putArray("problems");
    v.problems().forEach(problems::add);
    Io.printJson(spec.commandLine().getOut(), out);
    if (!v.ok()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("chio: bundle does not verify: " + v.problems().get(0)
          + (v.problems().size() > 1 ? " (and " + (v.problems().size() - 1) + " more)" : ""));
      err.flush();
      return ExitCodes.INVALID;
    }
    return ExitCodes.OK;
  }
}
