package io.chio.kernel.action;

/**
 * What a tool call does, classified once from the tool name and argument keys (KERNEL.md section
 * 3). Guards switch over this instead of re-reading arguments.
 */
public sealed interface ToolAction {
  enum FileOp {
    READ,
    WRITE,
    PATCH,
    DELETE,
    LIST
  }

  enum MemoryOp {
    READ,
    WRITE,
    DELETE
  }

  /** Filesystem access; {@code content} for writes and {@code patch} for patches may be null. */
  record FileAccess(FileOp op, String path, String content, String patch) implements ToolAction {}

  record Shell(String command) implements ToolAction {}

  /** Network egress to {@code url} exactly as the agent wrote it (guards parse it themselves). */
  record NetworkEgress(String url) implements ToolAction {}

  record CodeExecution(String language, String code) implements ToolAction {}

  /** Browser automation; every field but {@code action} may be null. */
  record Browser(String action, String url, String selector, String text) implements ToolAction {}

  /** Desktop control (computer-use, remote desktop, input injection); {@code action} e.g. left_click. */
  record ComputerUse(String action, String text) implements ToolAction {}

  record DatabaseQuery(String query) implements ToolAction {}

  record MemoryAccess(MemoryOp op, String store, String content) implements ToolAction {}

  /** A call to a third-party API (tool prefixed {@code slack_}, {@code github_}, ...). */
  record ExternalApi(String provider) implements ToolAction {}

  record Generic() implements ToolAction {}
}
