package io.chio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.kernel.Kernel;
import io.chio.kernel.ToolCallRequest;
import io.chio.kernel.Verdict;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.PolicyException;
import io.chio.kernel.policy.PolicyLoader;
import io.chio.kernel.store.InMemoryReceiptLog;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate one tool call through the kernel (capability, scope, budget, guards, approvals) and print",
      "{\"verdict\":\"allow|deny|pending_approval\",\"reason\":..,\"guard\":..,\"reason_code\":\"urn:chio:error:..\",\"receipt\":{..}}.",
      "Without --capability the policy's default grants are issued to the agent (a fresh key unless",
      "--agent is given) by the --issuer-seed-file key (a fresh key if absent), which the kernel trusts.",
      "Receipts are signed with the --authority-seed-file key (a fresh key if absent).",
      "Exit 0 allow, 1 deny, 3 pending approval, 2 bad input."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "HushSpec policy file.")
  Path policy;

  @Option(names = "--capability", paramLabel = "FILE", description = "Capability token JSON to present ('-' for stdin).")
  String capability;

  @Option(names = "--issuer-seed-file", paramLabel = "FILE", description = "Seed (hex) of the capability issuer the kernel trusts.")
  Path issuerSeedFile;

  @Option(names = "--trusted-issuer", paramLabel = "HEX", description = "Another issuer key to trust; repeatable.")
  List<String> trustedIssuers = new ArrayList<>();

  @Option(names = "--tool", required = true, paramLabel = "NAME", description = "Tool name.")
  String tool;

  @Option(names = "--server", paramLabel = "ID", defaultValue = "default", description = "Tool server id (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--agent", paramLabel = "HEX", description = "Calling agent's public key (default: the capability subject, or a fresh key).")
  String agent;

  @Option(names = "--params", paramLabel = "JSON", defaultValue = "{}", description = "Tool arguments, a JSON object (default: {}).")
  String params;

  @Option(names = "--at", paramLabel = "UNIX", description = "Evaluate as of this time (default: now).")
  Long at;

  @Override
  public Integer call() throws Exception {
    CompiledPolicy compiled;
    try {
      compiled = PolicyLoader.load(policy);
    } catch (PolicyException e) {
      throw new UserError("policy refused: " + e.getMessage().replace("\n", "; "));
    }
    JsonNode args = Json.parse(params);
    if (!args.isObject()) {
      throw new UserError("--params must be a JSON object");
    }
    long now = at != null ? at : System.currentTimeMillis() / 1000;
    if (now < 0) {
      throw new UserError("--at must not be negative");
    }
    SecureRandom random = new SecureRandom();
    Ed25519SigningKey issuer = issuerSeedFile != null ? Io.readSeed(issuerSeedFile) : Ed25519SigningKey.generate(random);
    Set<Ed25519PublicKey> trusted = new LinkedHashSet<>();
    trusted.add(issuer.publicKey());
    for (String hex : trustedIssuers) {
      trusted.add(Ed25519PublicKey.fromHex(hex, "--trusted-issuer"));
    }
    Ed25519SigningKey kernelKey = main.authoritySeedFile != null ? Io.readSeed(main.authoritySeedFile) : Ed25519SigningKey.generate(random);

    byte[] tokenBytes;
    String agentId;
    if (capability != null) {
      tokenBytes = Io.read(capability);
      agentId = agent != null ? agent : subjectOf(tokenBytes);
    } else {
      Ed25519PublicKey subject = agent != null ? Ed25519PublicKey.fromHex(agent, "--agent") : Ed25519SigningKey.generate(random).publicKey();
      CapabilityToken token = CapabilityToken.issue(issuer, "chio-check-" + Ids.uuidV7(), subject, compiled.defaultScope("*"), now, now + 300);
      tokenBytes = token.canonicalBytes();
      agentId = subject.toHex();
    }

    Kernel kernel = Kernel.builder()
        .clock(Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC))
        .signingKey(kernelKey)
        .trustedIssuers(trusted)
        .policy(compiled)
        .receiptLog(new InMemoryReceiptLog())
        .random(random)
        .build();
    Verdict v = kernel.evaluate(ToolCallRequest.builder("chio-check-" + Ids.uuidV7(), server, tool, agentId)
        .capabilityJson(tokenBytes).arguments((ObjectNode) args).build());

    ObjectNode out = Json.object().put("verdict", v.kind().wire());
    switch (v.kind()) {
      case ALLOW -> {
        out.putNull("reason");
        out.putNull("guard");
      }
      case DENY -> {
        Verdict.Deny d = (Verdict.Deny) v;
        out.put("reason", d.reason()).put("guard", d.guard()).put("code", d.code());
      }
      case PENDING_APPROVAL -> {
        Verdict.PendingApproval p = (Verdict.PendingApproval) v;
        out.put("reason", p.reason()).put("guard", p.guard());
        out.set("approval", p.request().toJson());
      }
    }
    out.put("reason_code", v.reasonCode().urn());
    out.set("receipt", v.receipt().toJson());
    Io.printJson(spec.commandLine().getOut(), out);
    return switch (v.kind()) {
      case ALLOW -> ExitCodes.OK;
      case DENY -> ExitCodes.INVALID;
      case PENDING_APPROVAL -> ExitCodes.PENDING;
    };
  }

  /** The subject of a token that parses; for one that does not, the kernel reports it (so any agent id will do). */
  private static String subjectOf(byte[] tokenBytes) {
    try {
      return CapabilityToken.parse(tokenBytes).subject().toHex();
    } catch (io.chio.core.ChioFormatException e) {
      return "unknown";
    }
  }
}
