package io.chio.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The snippet a user pastes into an MCP client's configuration so that the client launches its
 * server through {@code chio mcp serve}. Claude Desktop ({@code claude_desktop_config.json}) and
 * Cursor ({@code .cursor/mcp.json}) use {@code mcpServers}; VS Code ({@code .vscode/mcp.json})
 * uses {@code servers} with an explicit {@code type}.
 */
public final class ClientConfig {
  /** The clients chio can emit configuration for. */
  public enum Client {
    CLAUDE_DESKTOP("claude-desktop", "claude_desktop_config.json"),
    CURSOR("cursor", ".cursor/mcp.json"),
    VSCODE("vscode", ".vscode/mcp.json");

    private final String id;
    private final String file;

    Client(String id, String file) {
      this.id = id;
      this.file = file;
    }

    public String id() {
      return id;
    }

    /** Where the snippet goes. */
    public String file() {
      return file;
    }

    /** Parses {@code claude-desktop}, {@code cursor} or {@code vscode}. */
    public static Client parse(String s) {
      String want = Objects.requireNonNull(s, "client").toLowerCase(Locale.ROOT);
      for (Client c : values()) {
        if (c.id.equals(want)) {
          return c;
        }
      }
      throw new IllegalArgumentException("unknown client '" + s + "': use claude-desktop, cursor or vscode");
    }
  }

  private ClientConfig() {}

  /**
   * @param name the entry's key in the client's server map
   * @param command the program the client runs ({@code chio} or the launcher's absolute path)
   * @param args its arguments ({@code mcp serve ... -- server command})
   */
  public static ObjectNode snippet(Client client, String name, String command, List<String> args) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(command, "command");
    ObjectNode root = Json.object();
    ObjectNode entry = root.putObject(client == Client.VSCODE ? "servers" : "mcpServers").putObject(name);
    if (client == Client.VSCODE) {
      entry.put("type", "stdio");
    }
    entry.put("command", command);
    ArrayNode a = entry.putArray("args");
    args.forEach(a::add);
    return root;
  }
}
