package io.chio.protect.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An OpenAPI description as chio loaded it.
 *
 * @param source where it came from (file path or URL), for the start-up log
 * @param title {@code info.title}, or empty
 * @param policyHash sha256_hex of the spec text exactly as loaded: every receipt's {@code policy_hash}
 * @param pathCount number of path items
 * @param operationCount number of operations (every method, TRACE included)
 * @param basePath the path of the spec's first server URL (e.g. {@code /v2}), or empty
 * @param operations every operation chio enforces, with patterns relative to {@code basePath}
 */
public record LoadedSpec(
    String source, String title, String policyHash, int pathCount, int operationCount, String basePath, List<Route> operations) {

  public LoadedSpec {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(policyHash, "policyHash");
    Objects.requireNonNull(basePath, "basePath");
    operations = List.copyOf(operations);
  }

  /**
   * Compiles the route table for an upstream whose base URL has path {@code upstreamPath}. Inbound
   * paths are appended to the upstream URL, so when the upstream URL already ends in the spec's
   * base path the patterns stay as written, otherwise they get the base path in front.
   */
  public RouteTable routeTable(String upstreamPath) throws SpecException {
    String up = upstreamPath == null ? "" : stripSlash(upstreamPath);
    String prefix = basePath;
    if (!up.isEmpty() && (basePath.equals(up) || basePath.startsWith(up + "/"))) {
      prefix = basePath.substring(up.length());
    }
    if (prefix.isEmpty()) {
      return RouteTable.of(operations);
    }
    List<Route> prefixed = new ArrayList<>(operations.size());
    for (Route r : operations) {
      prefixed.add(new Route(r.method(), prefix + r.pattern(), r.operationId(), r.extensions()));
    }
    return RouteTable.of(prefixed);
  }

  static String stripSlash(String p) {
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
