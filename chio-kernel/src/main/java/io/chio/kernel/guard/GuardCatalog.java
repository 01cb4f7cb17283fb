package io.chio.kernel.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chio.kernel.guards.agent.AgentGuards;
import io.chio.kernel.guards.content.ContentGuards;
import io.chio.kernel.guards.fs.FilesystemGuards;
import io.chio.kernel.guards.net.NetworkGuards;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** The built-in guards by catalog name (KERNEL.md section 3). */
public final class GuardCatalog {
  private static final Map<String, GuardFactory> FACTORIES;

  static {
    Map<String, GuardFactory> m = new TreeMap<>();
    FilesystemGuards.register(m);
    NetworkGuards.register(m);
    ContentGuards.register(m);
    AgentGuards.register(m);
    FACTORIES = Collections.unmodifiableMap(m);
  }

  private GuardCatalog() {}

  public static Set<String> names() {
    return FACTORIES.keySet();
  }

  public static boolean has(String name) {
    return FACTORIES.containsKey(name);
  }

  /** A {@link Guard} or a {@link ResponseGuard}, built from its config ({@code null} = defaults). */
  public static Object create(String name, JsonNode config) throws GuardConfigException {
    Objects.requireNonNull(name, "name");
    GuardFactory f = FACTORIES.get(name);
    if (f == null) {
      throw new GuardConfigException("unknown guard \"" + name + "\"; known guards: " + String.join(", ", FACTORIES.keySet()));
    }
    return f.create(config == null ? JsonNodeFactory.instance.objectNode() : config);
  }
}
