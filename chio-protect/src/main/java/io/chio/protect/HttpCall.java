package io.chio.protect;

import io.chio.core.receipt.HttpMethod;
import io.chio.protect.route.RequestTarget;
import java.util.List;
import java.util.Objects;

/**
 * One inbound request as the evaluator sees it.
 *
 * @param capabilities every presented capability: {@code X-Chio-Capability} values, then {@code
 *     chio_capability} parameters
 * @param approvalId {@code X-Chio-Approval-Id}, or null
 * @param declaredCost {@code X-Chio-Cost}, or null
 */
record HttpCall(
    HttpMethod method, RequestTarget target, String callerIdentityHash, byte[] body, List<String> capabilities,
    String approvalId, String declaredCost) {
  HttpCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(callerIdentityHash, "callerIdentityHash");
    Objects.requireNonNull(body, "body");
    capabilities = List.copyOf(capabilities);
  }
}
