package io.chio.lambda.fakes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Policies the tests share, in the seed's {@code chio-policy.yaml} format. */
public final class TestPolicies {
  private TestPolicies() {}

  /** Seed 000's transparent example, verbatim. */
  public static final String SEED_TRANSPARENT = """
      # chio-policy.yaml
      mode: transparent

      evaluation:
        # How to project a Lambda event into a chio evaluation context
        identity_field:  "requestContext.authorizer.principalId"
        tool_field:      "resource"          # e.g. API Gateway resource path
        scope_field:     "httpMethod"        # GET -> read, POST -> write
        arguments_field: "body"

      policy:
        default: deny
        rules:
          - tool: "/api/search"
            scopes: ["tools:search:invoke"]
            guards: ["rate-limit", "pii-filter"]

          - tool: "/api/write"
            scopes: ["tools:write:invoke"]
            guards: ["approval-required"]
      """;

  /** Explicit mode, the seed's handler example's tool. */
  public static final String EXPLICIT = """
      mode: explicit
      policy:
        default: deny
        rules:
          - tool: "database-query"
            scopes: ["db:read", "db:write"]
            guards: ["pii-filter", {"rate-limit": {"max_requests": 1000, "window_secs": 60}}]
          - tool: "/api/write"
            guards: ["approval-required"]
          - tool: "reports/*"
      """;

  public static Path write(Path dir, String text) throws IOException {
    Path p = dir.resolve("chio-policy.yaml");
    Files.writeString(p, text);
    return p;
  }
}
