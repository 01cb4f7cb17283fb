package io.chio.mcp;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real MCP peers under {@code src/test/mcp-peers}: npm packages installed from the committed
 * lockfile (CI's {@code .ci/run} runs {@code npm ci} there) and small hand-written servers. A test
 * that needs them fails, never skips, when they are missing.
 */
public final class Peers {
  private Peers() {}

  /** The fixture folder (absolute). */
  public static Path dir() {
    String configured = System.getProperty("chio.mcp.peers");
    Path p = configured != null ? Path.of(configured) : Path.of("src/test/mcp-peers");
    if (!Files.isDirectory(p)) {
      p = Path.of("chio-mcp/src/test/mcp-peers");
    }
    if (!Files.isDirectory(p)) {
      fail("MCP test peers not found at " + p.toAbsolutePath() + " (set -Dchio.mcp.peers=DIR)");
    }
    return p.toAbsolutePath().normalize();
  }

  /** The {@code node} executable; fails the test when Node.js is not installed. */
  public static String node() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return "node";
      }
    } catch (IOException e) {
      // Reported below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fail("Node.js (node) is required for the MCP real-peer tests; install Node.js 18 or newer");
  }

  /** The installed npm packages; fails with the command to run when {@code npm ci} has not been run. */
  public static Path nodeModules() {
    Path dir = dir();
    Path nm = dir.resolve("node_modules");
    for (String pkg : new String[] {"@modelcontextprotocol/sdk", "@modelcontextprotocol/server-filesystem",
        "@modelcontextprotocol/server-everything"}) {
      if (!Files.isRegularFile(nm.resolve(pkg).resolve("package.json"))) {
        fail("npm package " + pkg + " is not installed for the MCP real-peer tests: run `npm ci` in " + dir
            + " (CI's .ci/run does this before mvn verify)");
      }
    }
    return nm;
  }

  public static Path script(String name) {
    return dir().resolve(name);
  }
}
