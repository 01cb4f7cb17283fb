package io.chio.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One evaluation: the tool, the scopes the caller presents (the request's {@code scope} and its
 * identity's scope claims), the arguments, the caller's identity (null: anonymous), the capability
 * token's JSON bytes exactly as presented (null: none), and the request id receipts carry.
 */
public record EvaluateRequest(String tool, List<String> scopes, ObjectNode arguments, String identity, byte[] capability,
    String requestId) {
  public EvaluateRequest {
    Objects.requireNonNull(tool, "tool");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(arguments, "arguments");
    capability = capability == null ? null : capability.clone();
    Objects.requireNonNull(requestId, "requestId");
  }

  @Override
  public byte[] capability() {
    return capability == null ? null : capability.clone();
  }

  @Override
  public String toString() {
    return "EvaluateRequest{" + requestId + " tool=" + tool + " scopes=" + scopes + " identity=" + identity
        + (capability == null ? "" : " capability=<" + capability.length + " bytes>") + "}";
  }
}
