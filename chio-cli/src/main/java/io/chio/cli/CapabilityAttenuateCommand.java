package io.chio.cli;

import io.chio.core.capability.Attenuation;
import io.chio.core.capability.AttenuationException;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Constraint;
import io.chio.core.capability.Delegation;
import io.chio.core.capability.Operation;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "attenuate",
    mixinStandardHelpOptions = true,
    description = {
      "Delegate a narrower child of a capability to another key and print the child token.",
      "The delegator must be the parent's subject and the parent must grant the 'delegate' operation.",
      "Any attempt to widen the parent is refused with exit code 2."
    })
final class CapabilityAttenuateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--token", required = true, paramLabel = "FILE", description = "The parent token JSON ('-' for stdin).")
  String token;

  @Option(names = "--delegator-seed-file", required = true, paramLabel = "FILE", description = "Seed of the parent's subject.")
  Path delegatorSeedFile;

  @Option(names = "--delegatee", required = true, paramLabel = "HEX", description = "Public key of the child's subject.")
  String delegatee;

  @Option(names = "--remove-tool", paramLabel = "SERVER:TOOL", description = "Drop a grant; repeatable.")
  List<String> removeTool = new ArrayList<>();

  @Option(names = "--remove-operation", paramLabel = "SERVER:TOOL:OP", description = "Drop one operation from a grant; repeatable.")
  List<String> removeOperation = new ArrayList<>();

  @Option(names = "--add-constraint", paramLabel = "SERVER:TOOL:JSON",
      description = "Add a constraint, e.g. 'srv:read_file:{\"type\":\"path_prefix\",\"value\":\"/ws/\"}'; repeatable.")
  List<String> addConstraint = new ArrayList<>();

  @Option(names = "--reduce-budget", paramLabel = "SERVER:TOOL:N", description = "Lower max_invocations of a grant; repeatable.")
  List<String> reduceBudget = new ArrayList<>();

  @Option(names = "--reduce-cost-per-invocation", paramLabel = "SERVER:TOOL:UNITS:CUR", description = "Lower a per-call cost cap; repeatable.")
  List<String> reduceCostPerInvocation = new ArrayList<>();

  @Option(names = "--reduce-total-cost", paramLabel = "SERVER:TOOL:UNITS:CUR", description = "Lower a total cost cap; repeatable.")
  List<String> reduceTotalCost = new ArrayList<>();

  @Option(names = "--shorten-expiry", paramLabel = "UNIX", description = "New, earlier expires_at.")
  Long shortenExpiry;

  @Option(names = "--id", paramLabel = "ID", description = "Child token id (default: a fresh UUIDv7).")
  String id;

  @Option(names = "--at", paramLabel = "UNIX", description = "Delegation time (default: now).")
  Long at;

  @Override
  public Integer call() throws Exception {
    CapabilityToken parent = CapabilityToken.parse(Io.read(token));
    Ed25519PublicKey child = Ed25519PublicKey.fromHex(delegatee, "--delegatee");
    List<Attenuation> steps = new ArrayList<>();
    for (String s : removeTool) {
      String[] p = split(s, 2, "--remove-tool", "SERVER:TOOL");
      steps.add(new Attenuation.RemoveTool(p[0], p[1]));
    }
    for (String s : removeOperation) {
      String[] p = split(s, 3, "--remove-operation", "SERVER:TOOL:OP");
      steps.add(new Attenuation.RemoveOperation(p[0], p[1], Operation.fromWire(p[2])));
    }
    for (String s : addConstraint) {
      String[] p = split(s, 3, "--add-constraint", "SERVER:TOOL:JSON");
      steps.add(new Attenuation.AddConstraint(p[0], p[1], Constraint.fromJson(Json.parse(p[2]), "--add-constraint")));
    }
    for (String s : reduceBudget) {
      String[] p = split(s, 3, "--reduce-budget", "SERVER:TOOL:N");
      steps.add(new Attenuation.ReduceBudget(p[0], p[1], number(p[2], "--reduce-budget")));
    }
    for (String s : reduceCostPerInvocation) {
      String[] p = split(s, 3, "--reduce-cost-per-invocation", "SERVER:TOOL:UNITS:CUR");
      steps.add(new Attenuation.ReduceCostPerInvocation(p[0], p[1], Money.parse(p[2], "--reduce-cost-per-invocation")));
    }
    for (String s : reduceTotalCost) {
      String[] p = split(s, 3, "--reduce-total-cost", "SERVER:TOOL:UNITS:CUR");
      steps.add(new Attenuation.ReduceTotalCost(p[0], p[1], Money.parse(p[2], "--reduce-total-cost")));
    }
    if (shortenExpiry != null) {
      steps.add(new Attenuation.ShortenExpiry(shortenExpiry));
    }
    long now = at != null ? at : System.currentTimeMillis() / 1000;
    CapabilityToken result;
    try {
      result = Delegation.attenuate(parent, Io.readSeed(delegatorSeedFile), child, steps, now, id != null ? id : Ids.uuidV7());
    } catch (AttenuationException e) {
      throw new UserError("refused: " + e.getMessage());
    }
    Io.printJson(spec.commandLine().getOut(), result.toJson());
    return ExitCodes.OK;
  }

  /** Splits {@code SERVER:TOOL:REST} into {@code n} parts; the last part keeps any further colons. */
  private static String[] split(String s, int n, String option, String form) {
    String[] p = s.split(":", n);
    if (p.length != n) {
      throw new UserError(option + " \"" + s + "\": expected " + form);
    }
    for (String part : p) {
      if (part.isEmpty()) {
        throw new UserError(option + " \"" + s + "\": expected " + form);
      }
    }
    return p;
  }

  private static long number(String s, String option) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new UserError(option + ": \"" + s + "\" is not a whole number");
    }
  }
}
