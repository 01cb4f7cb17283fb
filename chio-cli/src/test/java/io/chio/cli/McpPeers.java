package io.chio.cli;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real MCP peers for the CLI's end-to-end tests: chio-mcp's npm fixture (installed from its
 * committed lockfile by {@code npm ci}, which CI's {@code .ci/run} does), driven by the official
 * TypeScript SDK client in {@code mcp-client.mjs}. Missing pieces fail the test with what to run.
 */
final class McpPeers {
  private McpPeers() {}

  static Path dir() {
    Path p = Path.of("..", "chio-mcp", "src", "test", "mcp-peers");
    if (!Files.isDirectory(p)) {
      p = Path.of("chio-mcp", "src", "test", "mcp-peers");
    }
    if (!Files.isDirectory(p)) {
      fail("chio-mcp's MCP test peers are not at " + p.toAbsolutePath());
    }
    return p.toAbsolutePath().normalize();
  }

  /** Fails, naming the command to run, when the npm packages are not installed in {@code dir}. */
  static Path requireInstalled(Path dir) {
    Path nm = dir.resolve("node_modules");
    for (String pkg : List.of("@modelcontextprotocol/sdk", "@modelcontextprotocol/server-filesystem",
        "@modelcontextprotocol/server-everything")) {
      if (!Files.isRegularFile(nm.resolve(pkg).resolve("package.json"))) {
        fail("npm package " + pkg + " is not installed for the MCP real-peer tests: run `npm ci` in " + dir
            + " (CI's .ci/run does this before mvn verify)");
      }
    }
    requireNode();
    return nm;
  }

  static Path nodeModules() {
    return requireInstalled(dir());
  }

  static void requireNode() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return;
      }
    } catch (IOException e) {
      // Reported below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fail("Node.js (node) is required for the MCP real-peer tests; install Node.js 18 or newer");
  }

  /** The command that runs this build's CLI in a fresh JVM, as an MCP client would launch it. */
  static List<String> chio(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.chio.cli.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs a plan through the SDK client (see mcp-client.mjs) and returns its report. */
  static JsonNode runClient(Path work, JsonNode plan) throws IOException, InterruptedException {
    Path planFile = Files.createTempFile(work, "plan", ".json");
    Files.writeString(planFile, plan.toString(), StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("node", dir().resolve("mcp-client.mjs").toString(), planFile.toString())
        .directory(work.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the MCP client did not finish within 180 s");
    }
    String text = new String(out, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      fail("the MCP client printed no report (exit " + p.exitValue() + ")");
    }
    JsonNode report = Json.parse(text);
    if (report.has("fatal")) {
      fail("the MCP client failed: " + report.get("fatal").asText());
    }
    return report;
  }
}
