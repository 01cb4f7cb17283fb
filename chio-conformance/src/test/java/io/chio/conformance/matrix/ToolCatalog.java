package io.chio.conformance.matrix;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The matrix's tool server: every tool the scenarios call, with the abstract scope it requires
 * ({@code files.read} requires {@code tool:read}, ...). A tool's requirement is a fact about the
 * tool, so every scenario naming it must agree. An abstract scope then compiles into one Chio grant
 * per tool that requires it, the way a policy's allow list compiles into grants.
 */
final class ToolCatalog {
  private final Map<String, String> scopeByTool;

  private ToolCatalog(Map<String, String> scopeByTool) {
    this.scopeByTool = scopeByTool;
  }

  static ToolCatalog of(List<Scenario> scenarios) {
    Map<String, String> m = new TreeMap<>();
    for (Scenario s : scenarios) {
      String prior = m.putIfAbsent(s.tool(), s.requiredScope());
      if (prior != null && !prior.equals(s.requiredScope())) {
        throw new IllegalArgumentException(s.id() + ": tool " + s.tool() + " requires " + s.requiredScope() + " here but " + prior + " elsewhere");
      }
    }
    return new ToolCatalog(Map.copyOf(m));
  }

  /** The tools a holder of {@code scope} may call; empty when no tool requires it. */
  SortedSet<String> toolsRequiring(String scope) {
    SortedSet<String> tools = new TreeSet<>();
    scopeByTool.forEach((tool, s) -> {
      if (s.equals(scope)) {
        tools.add(tool);
      }
    });
    return tools;
  }

  Optional<String> scopeOf(String tool) {
    return Optional.ofNullable(scopeByTool.get(tool));
  }
}
