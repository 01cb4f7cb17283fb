package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.CapabilityToken;
import io.chio.core.capability.Operation;
import io.chio.core.capability.Scope;
import io.chio.core.capability.ToolGrant;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import io.chio.core.receipt.ChioReceipt;
import io.chio.core.receipt.ReceiptVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckAndPolicyCommandsTest {
  static final String POLICY = """
      hushspec: "0.1.0"
      name: cli-test
      rules:
        tool_access:
          enabled: true
          default: block
          allow: [fetch, deploy]
        egress:
          enabled: true
          default: block
          allow: [api.github.com]
        human_in_loop:
          require_confirmation: [deploy]
      """;
  static final long AT = 1_700_000_000L;

  @TempDir Path dir;

  Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static JsonNode json(Cli c) {
    return Json.parse(c.out());
  }

  @Test
  void checkAllowsAnInScopeCallAndPrintsAVerifiableReceipt() throws Exception {
    Path policy = write("p.yaml", POLICY);
    Path kernelSeed = write("kernel.seed", "22".repeat(32));
    Cli c = Cli.run("--authority-seed-file", kernelSeed.toString(), "check", "--policy", policy.toString(), "--tool", "fetch",
        "--params", "{\"url\":\"https://api.github.com/repos\"}", "--at", Long.toString(AT));
    assertThat(c.exit()).as(c.err()).isEqualTo(0);
    JsonNode out = json(c);
    assertThat(out.get("verdict").asText()).isEqualTo("allow");
    assertThat(out.get("reason").isNull()).isTrue();
    assertThat(out.get("reason_code").asText()).isEqualTo("urn:chio:error:none");
    ChioReceipt r = ChioReceipt.fromJson(out.get("receipt"));
    Ed25519PublicKey kernelKey = Ed25519SigningKey.fromSeedHex("22".repeat(32)).publicKey();
    assertThat(ReceiptVerifier.trusting(kernelKey).verify(r).ok()).isTrue();
    assertThat(r.timestamp()).isEqualTo(AT);
  }

  @Test
  void checkDeniesWithReasonGuardAndExitOne() throws Exception {
    Path policy = write("p.yaml", POLICY);
    Cli outOfScope = Cli.run("check", "--policy", policy.toString(), "--tool", "shell_exec", "--params", "{\"command\":\"ls\"}");
    assertThat(outOfScope.exit()).isEqualTo(1);
    assertThat(json(outOfScope).get("reason").asText()).isEqualTo("requested tool shell_exec on server default is not in capability scope");
    assertThat(json(outOfScope).get("guard").asText()).isEqualTo("scope");
    assertThat(json(outOfScope).get("code").asText()).isEqualTo("CHIO-KERNEL-OUT-OF-SCOPE");
    assertThat(json(outOfScope).get("reason_code").asText()).isEqualTo("urn:chio:error:capability:scope-exceeded");
    Cli egress = Cli.run("check", "--policy", policy.toString(), "--tool", "fetch", "--params", "{\"url\":\"https://evil.example/x\"}");
    assertThat(egress.exit()).isEqualTo(1);
    assertThat(json(egress).get("guard").asText()).isEqualTo("egress-allowlist");
  }

  @Test
  void checkReportsPendingApprovalWithExitThree() throws Exception {
    Cli c = Cli.run("check", "--policy", write("p.yaml", POLICY).toString(), "--tool", "deploy", "--server", "srv-ci");
    assertThat(c.exit()).as(c.err()).isEqualTo(3);
    assertThat(json(c).get("verdict").asText()).isEqualTo("pending_approval");
    assertThat(json(c).get("approval").get("tool_server").asText()).isEqualTo("srv-ci");
  }

  @Test
  void checkWithAPresentedCapabilityTrustsOnlyTheGivenIssuer() throws Exception {
    Path policy = write("p.yaml", POLICY);
    Ed25519SigningKey issuer = Ed25519SigningKey.fromSeedHex("11".repeat(32));
    Ed25519SigningKey agent = Ed25519SigningKey.fromSeedHex("33".repeat(32));
    CapabilityToken t = CapabilityToken.issue(issuer, "cap-cli", agent.publicKey(),
        Scope.ofTools(List.of(ToolGrant.of("srv", "fetch", List.of(Operation.INVOKE)))), AT - 10, AT + 100);
    Path cap = dir.resolve("cap.json");
    Files.write(cap, CanonicalJson.bytes(t.toJson()));
    Path issuerSeed = write("issuer.seed", "11".repeat(32) + "\n");
    String[] base = {"check", "--policy", policy.toString(), "--capability", cap.toString(), "--tool", "fetch", "--server", "srv",
        "--params", "{\"url\":\"https://api.github.com/\"}"};
    Cli trusted = Cli.run(concat(base, "--at", Long.toString(AT), "--issuer-seed-file", issuerSeed.toString()));
    assertThat(trusted.exit()).as(trusted.out() + trusted.err()).isEqualTo(0);
    Cli untrusted = Cli.run(concat(base, "--at", Long.toString(AT)));
    assertThat(untrusted.exit()).isEqualTo(1);
    assertThat(json(untrusted).get("reason").asText()).isEqualTo("capability issuer is not trusted");
    Cli late = Cli.run(concat(base, "--issuer-seed-file", issuerSeed.toString(), "--at", Long.toString(AT + 100)));
    assertThat(json(late).get("reason").asText()).isEqualTo("capability has expired");
    Cli imposter = Cli.run(concat(base, "--at", Long.toString(AT), "--issuer-seed-file", issuerSeed.toString(), "--agent", issuer.publicKey().toHex()));
    assertThat(json(imposter).get("code").asText()).isEqualTo("CHIO-KERNEL-SUBJECT-MISMATCH");
  }

  @Test
  void checkRejectsBadInputWithExitTwo() throws Exception {
    Path policy = write("p.yaml", POLICY);
    Cli params = Cli.run("check", "--policy", policy.toString(), "--tool", "fetch", "--params", "[1]");
    assertThat(params.exit()).isEqualTo(2);
    assertThat(params.err()).contains("--params must be a JSON object");
    Cli broken = Cli.run("check", "--policy", write("bad.yaml", "hushspec: \"0.1.0\"\nrulez: {}\n").toString(), "--tool", "fetch");
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.err()).contains("bad.yaml:2:1").contains("rulez");
    assertThat(Cli.run("check", "--tool", "fetch").exit()).isEqualTo(2);
  }

  @Test
  void policyValidateReportsHashOrPositionedErrors() throws Exception {
    Cli ok = Cli.run("policy", "validate", write("p.yaml", POLICY).toString());
    assertThat(ok.exit()).as(ok.err()).isEqualTo(0);
    JsonNode out = json(ok);
    assertThat(out.get("valid").asBoolean()).isTrue();
    assertThat(out.get("name").asText()).isEqualTo("cli-test");
    assertThat(out.get("policy_hash").asText()).matches("[0-9a-f]{64}");
    assertThat(out.get("guards").toString()).contains("mcp-tool", "egress-allowlist");

    Path bad = write("bad.yaml", "hushspec: \"0.1.0\"\nrules:\n  egres: {}\n  tool_access: []\n");
    Cli err = Cli.run("policy", "validate", bad.toString());
    assertThat(err.exit()).isEqualTo(2);
    assertThat(err.err()).contains(bad + ":3:3: unknown rules block \"egres\"").contains(bad + ":4:3: rules.tool_access must be a mapping");
    assertThat(json(err).get("valid").asBoolean()).isFalse();
    assertThat(json(err).get("errors")).hasSize(2);
    assertThat(Cli.run("policy", "validate", dir.resolve("missing.yaml").toString()).exit()).isEqualTo(2);
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
