package io.chio.protect.route;

import java.util.Objects;
import java.util.Set;

/**
 * One operation of the spec: method plus path pattern, and the policy chio derives from it.
 *
 * @param method upper-case HTTP method
 * @param pattern the OpenAPI path pattern (with the spec's base path, if any), e.g. {@code
 *     /orders/{orderId}/refund}
 * @param operationId the operation's id, or null
 */
public record Route(String method, String pattern, String operationId, ChioExtensions extensions) {
  /** GET, HEAD and OPTIONS have no side effects unless the spec says otherwise (RFC 9110 9.2.1). */
  public static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** {@code x-chio-side-effects} when present, else true for every method but GET, HEAD, OPTIONS. */
  public boolean sideEffects() {
    return extensions.sideEffects() != null ? extensions.sideEffects() : !SAFE_METHODS.contains(method);
  }

  /**
   * DenyByDefault (a capability is needed) for side-effect routes and for approval-required routes
   * (an approval is bound to a capability); SessionAllow otherwise.
   */
  public boolean requiresCapability() {
    return sideEffects() || extensions.isApprovalRequired();
  }

  /** The capability tool name that names this route exactly, e.g. {@code POST /orders/{orderId}/refund}. */
  public String toolName() {
    return method + " " + pattern;
  }
}
