package io.chio.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import io.chio.core.receipt.ReceiptSigner;
import io.chio.govern.BoundedBody;
import io.chio.govern.GovernEngine;
import io.chio.govern.GovernPolicy;
import io.chio.govern.GovernResponse;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "govern",
    mixinStandardHelpOptions = true,
    description = {
      "Content governance: read a request {\"action\":\"evaluate|redact|batch|health\",\"payload\":{..},\"text\":..}",
      "from FILE (or stdin) and print the response {\"decision\":\"allow|modify|block\",\"violations\":[..],",
      "\"modified_payload\":{..},\"pii_found\":[..],\"receipt_id\":..,\"receipt\":{..}}. A JSON object without",
      "\"action\" or \"payload\" is evaluated as the payload itself. Receipts are signed with the",
      "--authority-seed-file key (a fresh key if absent). Exit 0 allow/modify, 1 block, 2 bad input."
    })
final class GovernCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Option(names = "--policy", paramLabel = "FILE", description = "Governance policy (YAML/JSON); default: block secrets, redact all other PII.")
  Path policy;

  @Parameters(arity = "0..1", paramLabel = "FILE|-", description = "Request JSON; default stdin.")
  String input;

  @Override
  public Integer call() throws Exception {
    GovernPolicy p;
    try {
      p = policy == null ? GovernPolicy.defaults() : GovernPolicy.parse(Files.readAllBytes(policy));
    } catch (IllegalArgumentException e) {
      throw new UserError(policy + ": " + e.getMessage());
    }
    Ed25519SigningKey key = main.authoritySeedFile != null ? Io.readSeed(main.authoritySeedFile) : Ed25519SigningKey.generate(new SecureRandom());
    GovernEngine engine = new GovernEngine(p, new ReceiptSigner(key), Clock.systemUTC(), r -> { });
    byte[] body;
    try (InputStream in = input == null || input.equals("-") ? System.in : Files.newInputStream(Path.of(input))) {
      body = BoundedBody.read(in, p.limits().maxPayloadBytes());
    }
    GovernResponse r = engine.handle(wrapBarePayload(body));
    Io.printJson(spec.commandLine().getOut(), r.body());
    if (r.status() != 200) {
      spec.commandLine().getErr().println("chio: govern: " + r.body().path("error").asText("request failed"));
      spec.commandLine().getErr().flush();
      return r.status() >= 500 ? ExitCodes.INVALID : ExitCodes.BAD_INPUT;
    }
    boolean blocked = "block".equals(r.body().path("decision").asText()) || r.body().path("summary").path("blocked").asInt(0) > 0;
    return blocked ? ExitCodes.INVALID : ExitCodes.OK;
  }

  /** An object with neither {@code action} nor {@code payload} is taken as the payload to evaluate. */
  private static byte[] wrapBarePayload(byte[] body) {
    try {
      JsonNode n = Json.parse(body);
      if (n.isObject() && !n.has("action") && !n.has("payload")) {
        ObjectNode req = Json.object().put("action", "evaluate");
        req.set("payload", n);
        return Json.mapper().writeValueAsBytes(req);
      }
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      // not JSON: the engine answers with a clear 400 block
    }
    return body;
  }
}
