package io.chio.cli;

import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.MonetaryAmount;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "mint",
    mixinStandardHelpOptions = true,
    description = "Issue a signed capability token and print it as JSON.")
final class CapabilityMintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--issuer-seed-file", required = true, paramLabel = "FILE", description = "Issuer seed (hex), e.g. from 'chio keygen --out'.")
  Path issuerSeedFile;

  @Option(names = "--subject", required = true, paramLabel = "HEX", description = "The agent's public key (64 hex).")
  String subject;

  @Option(names = "--grant", required = true, paramLabel = "SERVER:TOOL[:op,op]",
      description = "A tool grant; repeatable. Operations default to invoke. '*' matches any server or tool.")
  List<String> grants;

  @Option(names = "--ttl", defaultValue = "3600", paramLabel = "SECONDS", description = "Lifetime in seconds (default ${DEFAULT-VALUE}).")
  long ttl;

  @Option(names = "--id", paramLabel = "ID", description = "Token id (default: a fresh UUIDv7).")
  String id;

  @Option(names = "--issued-at", paramLabel = "UNIX", description = "Issue time (default: now).")
  Long issuedAt;

  @Option(names = "--max-invocations", paramLabel = "N", description = "Invocation limit applied to every grant.")
  Long maxInvocations;

  @Option(names = "--max-cost-per-invocation", paramLabel = "UNITS:CUR", description = "Per-call cost cap in minor units, e.g. 500:USD.")
  String maxCostPerInvocation;

  @Option(names = "--max-total-cost", paramLabel = "UNITS:CUR", description = "Total cost cap in minor units applied to every grant, e.g. 5000:USD.")
  String maxTotalCost;

  @Option(names = "--dpop-required", description = "Require a DPoP proof for every grant.")
  boolean dpopRequired;

  @Override
  public Integer call() throws Exception {
    if (ttl <= 0) {
      throw new UserError("--ttl must be positive, got " + ttl);
    }
    Ed25519SigningKey issuer = Io.readSeed(issuerSeedFile);
    Ed25519PublicKey subjectKey = Ed25519PublicKey.fromHex(subject, "--subject");
    MonetaryAmount perCall = maxCostPerInvocation == null ? null : Money.parse(maxCostPerInvocation, "--max-cost-per-invocation");
    MonetaryAmount total = maxTotalCost == null ? null : Money.parse(maxTotalCost, "--max-total-cost");
    if (maxInvocations != null && maxInvocations < 0) {
      throw new UserError("--max-invocations must not be negative");
    }
    List<ToolGrant> tools = new ArrayList<>();
    for (String g : grants) {
      ToolGrant grant = ToolGrant.fromSpec(g);
      if (maxInvocations != null) {
        grant = grant.withMaxInvocations(maxInvocations);
      }
      if (perCall != null) {
        grant = grant.withMaxCostPerInvocation(perCall);
      }
      if (total != null) {
        grant = grant.withMaxTotalCost(total);
      }
      if (dpopRequired) {
        grant = grant.withDpopRequired(true);
      }
      tools.add(grant);
    }
    long iat = issuedAt != null ? issuedAt : System.currentTimeMillis() / 1000;
    CapabilityToken token = CapabilityToken.issue(issuer, id != null ? id : Ids.uuidV7(), subjectKey, Scope.ofTools(tools), iat, Math.addExact(iat, ttl));
    Io.printJson(spec.commandLine().getOut(), token.toJson());
    return ExitCodes.OK;
  }
}
