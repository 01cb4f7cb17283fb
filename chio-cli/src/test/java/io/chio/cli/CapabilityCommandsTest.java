package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityCommandsTest {
  static final long T0 = 1_710_000_000L;
  @TempDir Path tmp;
  Path issuerSeed;
  Path agentSeed;
  String issuerPub;
  String agentPub;
  String childPub;

  @BeforeEach
  void keys() throws Exception {
    issuerSeed = tmp.resolve("issuer.seed");
    agentSeed = tmp.resolve("agent.seed");
    issuerPub = pub(Cli.run("keygen", "--seed-hex", "0b".repeat(32), "--out", issuerSeed.toString()));
    agentPub = pub(Cli.run("keygen", "--seed-hex", "0c".repeat(32), "--out", agentSeed.toString()));
    childPub = pub(Cli.run("keygen", "--seed-hex", "0d".repeat(32)));
  }

  private static String pub(Cli r) {
    assertThat(r.exit()).as(r.err()).isZero();
    return Json.parse(r.out()).get("public_key").asText();
  }

  private Path mint(String... extra) throws Exception {
    String[] base = {"capability", "mint", "--issuer-seed-file", issuerSeed.toString(), "--subject", agentPub,
        "--grant", "srv-files:read_file:invoke,delegate", "--grant", "srv-files:write_file", "--ttl", "600",
        "--id", "cap-1", "--issued-at", Long.toString(T0), "--max-invocations", "10", "--max-total-cost", "5000:USD"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    Cli r = Cli.run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    Path f = tmp.resolve("token-" + System.nanoTime() + ".json");
    Files.writeString(f, r.out());
    return f;
  }

  @Test
  void mintThenVerify() throws Exception {
    Path token = mint();
    JsonNode t = Json.parse(Files.readString(token));
    assertThat(t.get("issuer").asText()).isEqualTo(issuerPub);
    assertThat(t.at("/scope/grants/0/max_total_cost/units").asLong()).isEqualTo(5000);
    assertThat(t.at("/scope/grants/1/operations/0").asText()).isEqualTo("invoke");

    Cli ok = Cli.run("capability", "verify", "--token", token.toString(), "--trusted-issuer", issuerPub, "--at", Long.toString(T0 + 10));
    assertThat(ok.exit()).isZero();
    assertThat(Json.parse(ok.out())).isEqualTo(Json.parse(
        "{\"signature_valid\":true,\"delegation_chain_shape_valid\":true,\"time_status\":\"valid\",\"trusted\":true,\"valid\":true}"));

    Cli expired = Cli.run("capability", "verify", "--token", token.toString(), "--trusted-issuer", issuerPub, "--at", Long.toString(T0 + 600));
    assertThat(expired.exit()).isEqualTo(1);
    assertThat(Json.parse(expired.out()).get("time_status").asText()).isEqualTo("expired");

    Cli untrusted = Cli.run("capability", "verify", "--token", token.toString(), "--at", Long.toString(T0 + 10));
    assertThat(untrusted.exit()).isEqualTo(1);
    assertThat(Json.parse(untrusted.out()).get("trusted").asBoolean()).isFalse();
  }

  @Test
  void tamperedTokenIsInvalidNotAnError() throws Exception {
    Path token = mint();
    Files.writeString(token, Files.readString(token).replace("write_file", "exec_shell"));
    Cli r = Cli.run("capability", "verify", "--token", token.toString(), "--trusted-issuer", issuerPub, "--at", Long.toString(T0 + 10));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(Json.parse(r.out()).get("signature_valid").asBoolean()).isFalse();
  }

  @Test
  void attenuateNarrowsAndRefusesWidening() throws Exception {
    Path parent = mint();
    Cli child = Cli.run("capability", "attenuate", "--token", parent.toString(), "--delegator-seed-file", agentSeed.toString(),
        "--delegatee", childPub, "--remove-tool", "srv-files:write_file", "--reduce-budget", "srv-files:read_file:3",
        "--add-constraint", "srv-files:read_file:{\"type\":\"path_prefix\",\"value\":\"/workspace/\"}",
        "--shorten-expiry", Long.toString(T0 + 300), "--id", "cap-1-child", "--at", Long.toString(T0 + 5));
    assertThat(child.exit()).as(child.err()).isZero();
    JsonNode c = Json.parse(child.out());
    assertThat(c.get("subject").asText()).isEqualTo(childPub);
    assertThat(c.get("issuer").asText()).isEqualTo(agentPub);
    assertThat(c.at("/scope/grants").size()).isEqualTo(1);
    assertThat(c.at("/scope/grants/0/max_invocations").asLong()).isEqualTo(3);
    assertThat(c.get("expires_at").asLong()).isEqualTo(T0 + 300);
    assertThat(c.at("/delegation_chain/0/capability_id").asText()).isEqualTo("cap-1");

    Path childFile = tmp.resolve("child.json");
    Files.writeString(childFile, child.out());
    Cli v = Cli.run("capability", "verify", "--token", childFile.toString(), "--trusted-issuer", agentPub, "--at", Long.toString(T0 + 10));
    assertThat(v.exit()).as(v.out()).isZero();

    Cli widen = Cli.run("capability", "attenuate", "--token", parent.toString(), "--delegator-seed-file", agentSeed.toString(),
        "--delegatee", childPub, "--reduce-budget", "srv-files:read_file:50", "--at", Long.toString(T0 + 5));
    assertThat(widen.exit()).isEqualTo(2);
    assertThat(widen.err()).startsWith("chio: error: refused:").contains("max_invocations");
    assertThat(widen.out()).isEmpty();

    Cli later = Cli.run("capability", "attenuate", "--token", parent.toString(), "--delegator-seed-file", agentSeed.toString(),
        "--delegatee", childPub, "--shorten-expiry", Long.toString(T0 + 9999), "--at", Long.toString(T0 + 5));
    assertThat(later.exit()).isEqualTo(2);

    Cli wrongDelegator = Cli.run("capability", "attenuate", "--token", parent.toString(), "--delegator-seed-file", issuerSeed.toString(),
        "--delegatee", childPub, "--at", Long.toString(T0 + 5));
    assertThat(wrongDelegator.exit()).isEqualTo(2);
    assertThat(wrongDelegator.err()).contains("not the parent capability's subject");
  }

  @Test
  void badInputIsExitTwoWithOneLine() throws Exception {
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"id\":\"x\",\"issuer\":\"abc\"}");
    Cli r = Cli.run("capability", "verify", "--token", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err()).startsWith("chio: error: capability");

    Files.writeString(bad, "not json");
    assertThat(Cli.run("capability", "verify", "--token", bad.toString()).exit()).isEqualTo(2);

    Cli shortKey = Cli.run("capability", "mint", "--issuer-seed-file", issuerSeed.toString(), "--subject", "ab".repeat(31), "--grant", "s:t");
    assertThat(shortKey.exit()).isEqualTo(2);
    assertThat(shortKey.err()).contains("--subject").contains("32 bytes");

    Cli badGrant = Cli.run("capability", "mint", "--issuer-seed-file", issuerSeed.toString(), "--subject", agentPub, "--grant", "nocolon");
    assertThat(badGrant.exit()).isEqualTo(2);
    assertThat(badGrant.err()).contains("SERVER:TOOL");

    Cli floatMoney = Cli.run("capability", "mint", "--issuer-seed-file", issuerSeed.toString(), "--subject", agentPub, "--grant", "s:t", "--max-total-cost", "10.5:USD");
    assertThat(floatMoney.exit()).isEqualTo(2);
    assertThat(floatMoney.err()).contains("minor units");
  }
}
