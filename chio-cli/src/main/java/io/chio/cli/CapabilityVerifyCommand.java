package io.chio.cli;

import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.CapabilityVerification;
import io.chio.core.capability.CapabilityVerifier;
import io.chio.core.crypto.Ed25519PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a capability token offline and print",
      "{\"signature_valid\",\"delegation_chain_shape_valid\",\"time_status\",\"trusted\",\"valid\"}.",
      "Exit 0 when valid, 1 when not, 2 on unreadable input. Without --trusted-issuer nothing is",
      "trusted, so the token is reported as not valid even when its signature checks out."
    })
final class CapabilityVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--token", required = true, paramLabel = "FILE", description = "Token JSON ('-' for stdin).")
  String token;

  @Option(names = "--trusted-issuer", paramLabel = "HEX", description = "An issuer key to trust; repeatable.")
  List<String> trustedIssuers = new ArrayList<>();

  @Option(names = "--at", paramLabel = "UNIX", description = "Verify as of this time (default: now).")
  Long at;

  @Option(names = "--max-delegation-depth", paramLabel = "N", description = "Longest delegation chain accepted (default: unlimited).")
  Integer maxDepth;

  @Override
  public Integer call() throws Exception {
    CapabilityToken parsed = CapabilityToken.parse(Io.read(token));
    Set<Ed25519PublicKey> trusted = new LinkedHashSet<>();
    for (String hex : trustedIssuers) {
      trusted.add(Ed25519PublicKey.fromHex(hex, "--trusted-issuer"));
    }
    if (maxDepth != null && maxDepth < 0) {
      throw new UserError("--max-delegation-depth must not be negative");
    }
    CapabilityVerifier verifier = new CapabilityVerifier(trusted, maxDepth == null ? CapabilityVerifier.UNLIMITED_DEPTH : maxDepth);
    CapabilityVerification v = verifier.verify(parsed, at != null ? at : System.currentTimeMillis() / 1000);
    Io.printJson(spec.commandLine().getOut(), v.toJson());
    return v.valid() ? ExitCodes.OK : ExitCodes.INVALID;
  }
}
