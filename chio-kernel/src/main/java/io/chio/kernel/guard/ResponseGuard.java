package io.chio.kernel.guard;

import com.fasterxml.jackson.databind.JsonNode;

/** A post-invocation check over the tool's output, before the agent sees it. */
public interface ResponseGuard {
  String name();

  ResponseVerdict inspect(GuardContext context, JsonNode output) throws Exception;
}
