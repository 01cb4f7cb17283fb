package io.chio.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import io.chio.kernel.policy.CompiledPolicy;
import io.chio.kernel.policy.PolicyException;
import io.chio.kernel.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Load and compile a HushSpec policy (with its extends chain) exactly as the kernel would.",
      "Prints {\"valid\":true,\"name\",\"policy_hash\",\"guards\",\"sources\"}; on errors prints",
      "{\"valid\":false,\"errors\":[{\"where\":\"file:line:column\",\"message\"}]} and one",
      "'file:line:column: message' line per error on stderr. Exit 0 when valid, 2 when not."
    })
final class PolicyValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Policy file.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      CompiledPolicy p = PolicyLoader.load(file);
      ObjectNode o = Json.object().put("valid", true);
      if (p.name() == null) {
        o.putNull("name");
      } else {
        o.put("name", p.name());
      }
      o.put("policy_hash", p.policyHash());
      ArrayNode guards = o.putArray("guards");
      p.guardNames().forEach(guards::add);
      ArrayNode sources = o.putArray("sources");
      p.sources().forEach(sources::add);
      Io.printJson(out, o);
      return ExitCodes.OK;
    } catch (PolicyException e) {
      ObjectNode o = Json.object().put("valid", false);
      ArrayNode errors = o.putArray("errors");
      PrintWriter err = spec.commandLine().getErr();
      for (PolicyException.Problem problem : e.problems()) {
        errors.addObject().put("where", problem.where()).put("message", problem.message());
        err.println(problem);
      }
      err.flush();
      Io.printJson(out, o);
      return ExitCodes.BAD_INPUT;
    }
  }
}
