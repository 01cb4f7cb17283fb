package io.chio.kernel.guards.content;

import io.chio.kernel.guard.GuardFactory;
import java.util.Map;

/** Registers this package's guards in the catalog: secret-leak, content-review, prompt-injection, jailbreak, response-sanitization. */
public final class ContentGuards {
  private ContentGuards() {}

  public static void register(Map<String, GuardFactory> catalog) {
    catalog.put(SecretLeakGuard.NAME, SecretLeakGuard::create);
    catalog.put(ContentReviewGuard.NAME, ContentReviewGuard::create);
    catalog.put(PromptInjectionGuard.NAME, PromptInjectionGuard::create);
    catalog.put(JailbreakGuard.NAME, JailbreakGuard::create);
    catalog.put(ResponseSanitizationGuard.NAME, ResponseSanitizationGuard::create);
  }
}
