package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernCommandTest {
  @TempDir Path tmp;

  @Test
  void evaluatesTheSeedSampleAndSignsIt() throws Exception {
    Path req = tmp.resolve("req.json");
    Files.writeString(req, "{\"action\": \"evaluate\", \"payload\": {\"message\": \"My SSN is 123-45-6789\"}}");
    Cli r = Cli.run("govern", req.toString());
    assertThat(r.exit()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.get("decision").asText()).isEqualTo("modify");
    assertThat(j.at("/modified_payload/message").asText()).isEqualTo("My SSN is [SSN_REDACTED]");
    assertThat(j.get("receipt_id").asText()).hasSize(64);
    assertThat(r.out()).doesNotContain("123-45-6789");
  }

  @Test
  void policyBlockExitsOneAndBarePayloadIsEvaluated() throws Exception {
    Path policy = tmp.resolve("p.yaml");
    Files.writeString(policy, "govern: \"0.1\"\nactions: {ssn: block}\n");
    Path req = tmp.resolve("bare.json");
    Files.writeString(req, "{\"note\": \"ssn 219-09-9999\"}");
    Cli r = Cli.run("govern", "--policy", policy.toString(), req.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(Json.parse(r.out()).get("decision").asText()).isEqualTo("block");
  }

  @Test
  void badPolicyAndBadInputAreOneLineErrors() throws Exception {
    Path policy = tmp.resolve("bad.yaml");
    Files.writeString(policy, "govern: \"0.1\"\nactions: {ssn: shred}\n");
    Path req = tmp.resolve("r.json");
    Files.writeString(req, "{\"payload\": {}}");
    Cli bad = Cli.run("govern", "--policy", policy.toString(), req.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("chio: error: " + policy + ": policy: actions.ssn: action must be allow, redact or block, got \"shred\"");
    Path junk = tmp.resolve("junk.json");
    Files.write(junk, new byte[] {'{', (byte) 0xc3, '}'});
    Cli enc = Cli.run("govern", junk.toString());
    assertThat(enc.exit()).isEqualTo(2);
    assertThat(enc.err().strip()).isEqualTo("chio: govern: request body is not valid UTF-8");
    assertThat(Json.parse(enc.out()).get("decision").asText()).isEqualTo("block");
  }
}
