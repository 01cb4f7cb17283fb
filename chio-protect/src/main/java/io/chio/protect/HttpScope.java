package io.chio.protect;

import io.chio.core.ChioFormatException;
import io.chio.core.capability.ToolGrant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP reading of a capability grant (EDGES.md section 1): {@code server_id} is the protected
 * server's id and {@code tool_name} is a method plus a path pattern, e.g. {@code POST
 * /orders/{orderId}/refund} or {@code GET /tenants/acme-42/**}.
 *
 * <p>Pattern segments: a literal matches itself exactly (case-sensitive, compared with the decoded
 * request segment); {@code *} and any {@code {name}} match exactly one non-empty segment; {@code
 * **}, only as the last segment, matches one or more remaining segments. The method is an upper-case
 * method name or {@code *}; a {@code tool_name} of {@code *} matches every request. A pattern is
 * matched against the concrete request path, so a tenant literal in a grant confines it to that
 * tenant whatever the route template says.
 */
public final class HttpScope {
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "*");

  private final String method;
  private final String[] segments;
  private final boolean any;

  private HttpScope(String method, String[] segments, boolean any) {
    this.method = method;
    this.segments = segments;
    this.any = any;
  }

  /**
   * Parses a grant's {@code tool_name}.
   *
   * @throws ChioFormatException naming what is wrong with the pattern
   */
  public static HttpScope parse(String toolName) {
    Objects.requireNonNull(toolName, "toolName");
    if (toolName.equals("*")) {
      return new HttpScope("*", new String[0], true);
    }
    int sp = toolName.indexOf(' ');
    if (sp <= 0 || toolName.indexOf(' ', sp + 1) >= 0) {
      throw new ChioFormatException("HTTP grant \"" + toolName + "\": expected \"METHOD /path/pattern\"");
    }
    String m = toolName.substring(0, sp);
    String p = toolName.substring(sp + 1);
    if (!METHODS.contains(m)) {
      throw new ChioFormatException("HTTP grant \"" + toolName + "\": unknown method " + m + " (use an upper-case method or *)");
    }
    if (!p.startsWith("/")) {
      throw new ChioFormatException("HTTP grant \"" + toolName + "\": path pattern must start with '/'");
    }
    String[] segs = p.substring(1).split("/", -1);
    for (int i = 0; i < segs.length; i++) {
      String s = segs[i];
      if (s.equals("**") && i != segs.length - 1) {
        throw new ChioFormatException("HTTP grant \"" + toolName + "\": '**' may only be the last segment");
      }
      if (s.isEmpty() && i != segs.length - 1) {
        throw new ChioFormatException("HTTP grant \"" + toolName + "\": empty path segment");
      }
      if (s.equals("..") || s.equals(".")) {
        throw new ChioFormatException("HTTP grant \"" + toolName + "\": dot segment in the pattern");
      }
    }
    return new HttpScope(m, segs, false);
  }

  /** Whether {@code grant} covers a request to {@code serverId} with this method and decoded path. */
  public static boolean covers(ToolGrant grant, String serverId, String requestMethod, List<String> pathSegments) {
    if (!grant.serverId().equals("*") && !grant.serverId().equals(serverId)) {
      return false;
    }
    HttpScope scope;
    try {
      scope = parse(grant.toolName());
    } catch (ChioFormatException e) {
      // A grant that is not an HTTP pattern (say, an MCP tool name) authorizes no HTTP request.
      return false;
    }
    return scope.matches(requestMethod, pathSegments);
  }

  public boolean matches(String requestMethod, List<String> pathSegments) {
    if (any) {
      return true;
    }
    if (!method.equals("*") && !method.equals(requestMethod)) {
      return false;
    }
    int n = segments.length;
    boolean rest = n > 0 && segments[n - 1].equals("**");
    if (rest ? pathSegments.size() < n : pathSegments.size() != n) {
      return false;
    }
    for (int i = 0; i < (rest ? n - 1 : n); i++) {
      String want = segments[i];
      String got = pathSegments.get(i);
      if (want.equals("*") || isParam(want)) {
        if (got.isEmpty()) {
          return false;
        }
      } else if (!want.equals(got)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isParam(String s) {
    return s.length() > 2 && s.charAt(0) == '{' && s.charAt(s.length() - 1) == '}' && s.indexOf('{', 1) < 0;
  }

  @Override
  public String toString() {
    return any ? "*" : method + " /" + String.join("/", Arrays.asList(segments));
  }
}
