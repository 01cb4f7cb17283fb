package io.chio.kernel.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.ToolAction.FileOp;
import io.chio.kernel.action.ToolAction.MemoryOp;
import java.util.List;
import java.util.Locale;

/**
 * Classifies a call by tool name and argument keys. Order matters: the more specific surfaces
 * (desktop, browser, memory, code, database, shell) are recognised before the generic file and
 * URL keys, because e.g. a browser tool also carries a {@code url}.
 */
public final class ActionClassifier {
  private static final List<String> EXTERNAL_PREFIXES =
      List.of("slack_", "github_", "gitlab_", "stripe_", "jira_", "linear_", "notion_", "gmail_", "email_", "twilio_", "salesforce_", "discord_", "teams_");

  private ActionClassifier() {}

  public static ToolAction classify(String toolName, JsonNode args) throws MalformedArgumentException {
    String tool = toolName.toLowerCase(Locale.ROOT);

    if (isComputerUse(tool)) {
      return new ToolAction.ComputerUse(Arguments.string(args, "action", "type"), Arguments.string(args, "text", "keys"));
    }
    if (tool.contains("browser") || tool.startsWith("playwright") || tool.startsWith("puppeteer")
        || tool.contains("navigate") || (Arguments.has(args, "selector") && Arguments.has(args, "action", "url"))) {
      return new ToolAction.Browser(
          Arguments.string(args, "action"), Arguments.string(args, "url"), Arguments.string(args, "selector"), Arguments.string(args, "text", "value"));
    }
    if (tool.contains("memory") || tool.startsWith("vector_") || tool.contains("vectorstore") || tool.contains("embedding_store")) {
      return new ToolAction.MemoryAccess(memoryOp(tool), Arguments.string(args, "store", "collection", "namespace", "index"),
          Arguments.string(args, "content", "text", "document"));
    }
    if (Arguments.has(args, "code") && (Arguments.has(args, "language") || tool.contains("exec") || tool.contains("run") || tool.contains("eval"))) {
      return new ToolAction.CodeExecution(Arguments.string(args, "language"), Arguments.string(args, "code"));
    }
    if (Arguments.has(args, "query", "sql") && (Arguments.has(args, "sql") || tool.contains("sql") || tool.contains("query") || tool.contains("db") || tool.contains("database"))) {
      return new ToolAction.DatabaseQuery(Arguments.string(args, "sql", "query"));
    }
    if (Arguments.has(args, "command", "cmd")) {
      return new ToolAction.Shell(Arguments.string(args, "command", "cmd"));
    }
    if (Arguments.has(args, "path", "file", "file_path")) {
      String path = Arguments.string(args, "path", "file", "file_path");
      String patch = Arguments.string(args, "diff", "patch");
      String content = Arguments.string(args, "content", "contents", "text");
      return new ToolAction.FileAccess(fileOp(tool, content, patch), path, content, patch);
    }
    if (Arguments.has(args, "url", "uri")) {
      return new ToolAction.NetworkEgress(Arguments.string(args, "url", "uri"));
    }
    for (String prefix : EXTERNAL_PREFIXES) {
      if (tool.startsWith(prefix)) {
        return new ToolAction.ExternalApi(prefix.substring(0, prefix.length() - 1));
      }
    }
    return new ToolAction.Generic();
  }

  private static boolean isComputerUse(String tool) {
    return tool.equals("computer") || tool.startsWith("computer_") || tool.contains("mouse") || tool.contains("keyboard")
        || tool.contains("screenshot") || tool.contains("remote_desktop") || tool.startsWith("rdp_") || tool.startsWith("vnc_")
        || tool.contains("clipboard") || tool.startsWith("input_");
  }

  private static FileOp fileOp(String tool, String content, String patch) {
    if (patch != null || tool.contains("patch") || tool.contains("edit") || tool.contains("apply_diff")) {
      return FileOp.PATCH;
    }
    if (tool.contains("delete") || tool.contains("remove") || tool.startsWith("rm")) {
      return FileOp.DELETE;
    }
    if (content != null || tool.contains("write") || tool.contains("create") || tool.contains("move") || tool.contains("save")) {
      return FileOp.WRITE;
    }
    if (tool.contains("list") || tool.contains("directory") || tool.contains("tree") || tool.contains("search")) {
      return FileOp.LIST;
    }
    return FileOp.READ;
  }

  private static MemoryOp memoryOp(String tool) {
    if (tool.contains("delete") || tool.contains("forget") || tool.contains("remove")) {
      return MemoryOp.DELETE;
    }
    if (tool.contains("write") || tool.contains("store") || tool.contains("save") || tool.contains("upsert") || tool.contains("add") || tool.contains("insert")) {
      return MemoryOp.WRITE;
    }
    return MemoryOp.READ;
  }
}
