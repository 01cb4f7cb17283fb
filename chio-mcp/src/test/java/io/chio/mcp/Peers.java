package io.chio.mcp;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The hand-written MCP peers under {@code src/test/mcp-peers} (the npm packages there are used by
 * chio-cli's real-peer tests). A test that needs Node.js fails, never skips, without it.
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

  public static Path script(String name) {
    return dir().resolve(name);
  }
}
