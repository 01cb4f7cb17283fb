package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.protect.ProtectServer;
import io.chio.protect.demo.SampleApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApiProtectAndDemoTest {
  @TempDir Path dir;

  @Test
  void demoRunsEndToEndAndExitsZero() {
    Cli r = Cli.run("demo");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("INFO loaded OpenAPI spec", "INFO built route table", "INFO chio api protect ready")
        .contains("<- 200", "<- 403", "<- 409", "<- 204")
        .contains("inclusion proof for the refund receipt", "verified")
        .contains("receipt verify --db --kernel-key", "\"receipts\":9", "\"uncheckpointed\":0,\"problems\":[]")
        .contains("\"ok\":true")
        .contains("All checks passed.");
  }

  private ApiProtectCommand parse(String... args) {
    CommandLine cl = new CommandLine(new Main());
    CommandLine.ParseResult pr = cl.parseArgs(args);
    return pr.subcommand().subcommand().commandSpec().commandLine().getCommand();
  }

  @Test
  void protectStartsWithTheSeedLogLinesAndProxies() throws Exception {
    Path seed = dir.resolve("seed.hex");
    Files.writeString(seed, "11".repeat(32));
    Path spec = dir.resolve("openapi.yaml");
    Files.writeString(spec, SampleApi.specText());
    try (SampleApi api = SampleApi.start(0)) {
      ApiProtectCommand cmd =
          parse("--authority-seed-file", seed.toString(), "api", "protect", "--upstream", api.uri().toString(), "--spec",
              spec.toString(), "--listen", "127.0.0.1:0");
      StringWriter err = new StringWriter();
      try (ProtectServer server = cmd.start(new PrintWriter(err))) {
        assertThat(err.toString())
            .contains("INFO loaded OpenAPI spec\n  source: " + spec + "\n  paths: 6, operations: 8")
            .contains("INFO built route table\n  routes: 8 (3 safe, 5 side-effect)")
            .contains("INFO chio api protect ready\n  upstream: " + api.uri() + "\n  listening: 127.0.0.1:" + server.port()
                + "\n  receipts: in-memory");
        assertThat(server.config().serverId()).isEqualTo("orders-api");
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(server.uri() + "/orders")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Chio-Receipt-Id")).isPresent();
        HttpResponse<String> denied =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(server.uri() + "/orders/ord-1/refund")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(403);
      }
    }
  }

  @Test
  void specIsDiscoveredOnTheUpstream() throws Exception {
    try (SampleApi api = SampleApi.start(0)) {
      ApiProtectCommand cmd = parse("api", "protect", "--upstream", api.uri().toString(), "--listen", "127.0.0.1:0");
      StringWriter err = new StringWriter();
      try (ProtectServer server = cmd.start(new PrintWriter(err))) {
        assertThat(err.toString()).contains("source: " + api.uri() + "/openapi.yaml").contains("WARN no --authority-seed-file");
        assertThat(server.routes().routes()).hasSize(8);
      }
    }
  }

  @Test
  void badArgumentsAreOneLineErrors() throws Exception {
    Cli noUpstream = Cli.run("api", "protect");
    assertThat(noUpstream.exit()).isEqualTo(2);
    assertThat(noUpstream.err()).contains("--upstream");
    Cli ftp = Cli.run("api", "protect", "--upstream", "ftp://x", "--spec", "/nonexistent.yaml");
    assertThat(ftp.exit()).isEqualTo(2);
    Path badSpec = dir.resolve("bad.yaml");
    Files.writeString(badSpec, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      x-chio-side-effects: maybe\n      responses: {'200': {description: ok}}\n");
    Cli bad = Cli.run("api", "protect", "--upstream", "http://127.0.0.1:1", "--spec", badSpec.toString(), "--listen", "127.0.0.1:0");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("POST /x: x-chio-side-effects must be true or false");
    assertThat(bad.err().lines().filter(l -> l.startsWith("chio: error")).count()).isEqualTo(1);
  }

  @Test
  void governPolicyServesPostChioGovernAndABadOneIsAOneLineError() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "a-control-token-of-some-length");
    Path policy = dir.resolve("govern.yaml");
    Files.writeString(policy, "govern: \"0.1\"\nactions: {ssn: block}\n");
    Path spec = dir.resolve("openapi.yaml");
    Files.writeString(spec, SampleApi.specText());
    try (SampleApi api = SampleApi.start(0)) {
      ApiProtectCommand cmd = parse("api", "protect", "--upstream", api.uri().toString(), "--spec", spec.toString(), "--listen", "127.0.0.1:0",
          "--control-token-file", token.toString(), "--govern-policy", policy.toString());
      try (ProtectServer server = cmd.start(new PrintWriter(new StringWriter()))) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(server.uri() + "/chio/govern")).header("Authorization", "Bearer a-control-token-of-some-length")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"evaluate\",\"payload\":{\"message\":\"My SSN is 123-45-6789\"}}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"decision\":\"block\"");
      }
    }
    Files.writeString(policy, "govern: \"0.1\"\nactions: {ssn: shred}\n");
    Cli bad = Cli.run("api", "protect", "--upstream", "http://127.0.0.1:1", "--spec", spec.toString(), "--listen", "127.0.0.1:0",
        "--govern-policy", policy.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains(policy.toString()).contains("shred");
    assertThat(bad.err().lines().filter(l -> l.startsWith("chio: error")).count()).isEqualTo(1);
  }
}
