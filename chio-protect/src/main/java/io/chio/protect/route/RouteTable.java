package io.chio.protect.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The routes of a spec compiled once into a segment trie. Matching is case-sensitive and exact per
 * segment; at each segment a literal beats a mixed template ({@code {id}.json}), which beats a
 * whole-segment parameter, with backtracking when the preferred branch does not lead to a route
 * for the method. A parameter never matches an empty segment, so {@code /pets/} does not match
 * {@code /pets/{id}}. Immutable and thread-safe after construction.
 */
public final class RouteTable {
  private static final class Node {
    final Map<String, Node> literals = new HashMap<>();
    final List<Map.Entry<PathTemplate.Mixed, Node>> mixed = new ArrayList<>();
    Node param;
    final Map<String, Route> routes = new HashMap<>();
  }

  private final Node root = new Node();
  private final List<Route> routes;

  private RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** An empty table: every request takes the method-based default. */
  public static RouteTable empty() {
    return new RouteTable(List.of());
  }

  /**
   * Compiles the routes. Two routes with the same method whose patterns differ only in parameter
   * names (e.g. {@code /a/{x}} and {@code /a/{y}}) are ambiguous and rejected.
   */
  public static RouteTable of(List<Route> routes) throws SpecException {
    Objects.requireNonNull(routes, "routes");
    RouteTable t = new RouteTable(routes);
    Set<String> seen = new HashSet<>();
    for (Route r : routes) {
      String where = r.method() + " " + r.pattern();
      List<PathTemplate.Segment> segments = PathTemplate.parse(r.pattern(), where);
      if (!seen.add(r.method() + " " + PathTemplate.shape(segments))) {
        throw new SpecException(where + ": another " + r.method() + " operation has the same path shape (only parameter names differ)");
      }
      Node n = t.root;
      for (PathTemplate.Segment s : segments) {
        n = child(n, s);
      }
      n.routes.put(r.method(), r);
    }
    return t;
  }

  private static Node child(Node n, PathTemplate.Segment s) {
    if (s instanceof PathTemplate.Literal l) {
      return n.literals.computeIfAbsent(l.text(), k -> new Node());
    }
    if (s instanceof PathTemplate.Param) {
      if (n.param == null) {
        n.param = new Node();
      }
      return n.param;
    }
    if (s instanceof PathTemplate.Mixed m) {
      for (Map.Entry<PathTemplate.Mixed, Node> e : n.mixed) {
        if (e.getKey().regex().pattern().equals(m.regex().pattern())) {
          return e.getValue();
        }
      }
      Node c = new Node();
      n.mixed.add(Map.entry(m, c));
      return c;
    }
    throw new IllegalStateException("unknown segment " + s);
  }

  /**
   * The route for {@code method} and the decoded path segments (see {@link RequestTarget#segments}),
   * or null when none matches. HEAD falls back to the GET route of the same path, since a HEAD is
   * a GET without a body and must not escape that route's policy.
   */
  public Route match(String method, List<String> segments) {
    Route r = find(root, segments, 0, method);
    if (r == null && "HEAD".equals(method)) {
      r = find(root, segments, 0, "GET");
    }
    return r;
  }

  private static Route find(Node n, List<String> segments, int i, String method) {
    if (i == segments.size()) {
      return n.routes.get(method);
    }
    String seg = segments.get(i);
    Node lit = n.literals.get(seg);
    if (lit != null) {
      Route r = find(lit, segments, i + 1, method);
      if (r != null) {
        return r;
      }
    }
    if (seg.isEmpty()) {
      return null;
    }
    for (int k = 0; k < n.mixed.size(); k++) {
      Map.Entry<PathTemplate.Mixed, Node> e = n.mixed.get(k);
      if (e.getKey().regex().matcher(seg).matches()) {
        Route r = find(e.getValue(), segments, i + 1, method);
        if (r != null) {
          return r;
        }
      }
    }
    return n.param == null ? null : find(n.param, segments, i + 1, method);
  }

  public List<Route> routes() {
    return routes;
  }

  /** Routes that need no capability (SessionAllow). */
  public int safeCount() {
    int n = 0;
    for (Route r : routes) {
      if (!r.requiresCapability()) {
        n++;
      }
    }
    return n;
  }

  public int sideEffectCount() {
    return routes.size() - safeCount();
  }
}
