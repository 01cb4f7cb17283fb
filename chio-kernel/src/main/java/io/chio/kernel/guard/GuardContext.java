package io.chio.kernel.guard;

import io.chio.kernel.action.ToolAction;
import java.util.List;
import java.util.Objects;

/**
 * What a guard sees: the call, its classified action (classified once by the kernel), the
 * session's filesystem roots and the kernel's clock reading. Guards never read a clock themselves.
 */
public record GuardContext(ToolCall call, ToolAction action, List<String> filesystemRoots, long nowMillis) {
  public GuardContext {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(action, "action");
    filesystemRoots = List.copyOf(filesystemRoots);
  }
}
