package io.chio.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ReceiptVerifier;
import io.chio.core.receipt.VerificationResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify one signed receipt offline: a ChioReceipt or an HttpReceipt, detected by shape.",
      "Prints {\"signature_valid\",\"receipt_id_valid\",\"kind\",\"ok\",...}. 'ok' needs the signer to be",
      "one of the --kernel-key keys: without one, a receipt anyone could have signed is never ok.",
      "Exit 0 when ok, 1 when not, 2 on unreadable input."
    })
final class ReceiptVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--receipt", required = true, paramLabel = "FILE", description = "Receipt JSON ('-' for stdin).")
  String receipt;

  @Option(names = "--kernel-key", paramLabel = "HEX", description = "A kernel public key to trust; repeatable.")
  List<String> kernelKeys = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<Ed25519PublicKey> keys = new ArrayList<>();
    for (String hex : kernelKeys) {
      keys.add(Ed25519PublicKey.fromHex(hex, "--kernel-key"));
    }
    VerificationResult v = ReceiptVerifier.trusting(keys).verify(Json.parseObject(Io.read(receipt), "receipt"));
    ObjectNode out = v.toJson();
    Io.printJson(spec.commandLine().getOut(), out);
    if (keys.isEmpty() && v.signatureValid()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("chio: signature checks out under the receipt's own kernel_key, but no --kernel-key was given to trust it");
      err.flush();
    }
    return v.ok() ? ExitCodes.OK : ExitCodes.INVALID;
  }
}
