package io.chio.kernel.guards.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.List;
import java.util.Set;

/**
 * {@code prompt-injection}: a scored detector over every string argument (values at any depth and
 * object keys, joined so a phrase split across arguments is still seen). Signals: instruction override
 * ("ignore all previous instructions", "disregard the above"), injected instructions ("new
 * instructions:", "from now on you ..."), role injection (chat-template tokens such as {@code
 * <|im_start|>}, {@code [INST]}, role headers, {@code system:} lines), persona switches ("you are
 * now ..."), system-prompt extraction, exfiltration cues ("send the contents of ... to http...",
 * "base64 encode the secrets", markdown-image beacons), and hidden text (Unicode tag characters,
 * bidi overrides, zero-width characters). Text is canonicalised first (compatibility forms,
 * look-alike letters, invisible characters removed) and also read de-leeted, with spelled-out
 * letters joined, and with base64/hex/percent/escape encodings decoded; a signal found only that
 * way scores extra.
 *
 * <p>Score 0..100; levels safe &lt; suspicious (25) &lt; high (50) &lt; critical (75). Config (HushSpec
 * {@code extensions.detection.prompt_injection}): {@code enabled} (default {@code true}), {@code
 * block_at_or_above} ({@code safe|suspicious|high|critical}, default {@code high}; {@code safe}
 * blocks every call). Evidence gives the level, score and signal names, never the text.
 */
public final class PromptInjectionGuard implements Guard {
  public static final String NAME = "prompt-injection";
  private static final Set<String> KEYS = Set.of("enabled", "block_at_or_above");

  private final boolean enabled;
  private final PromptInjectionDetector.Level blockAt;

  private PromptInjectionGuard(boolean enabled, PromptInjectionDetector.Level blockAt) {
    this.enabled = enabled;
    this.blockAt = blockAt;
  }

  public static PromptInjectionGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = new ConfigReader(NAME, config, KEYS);
    boolean enabled = r.bool("enabled", true);
    String level = r.string("block_at_or_above", "high");
    try {
      return new PromptInjectionGuard(enabled, PromptInjectionDetector.Level.parse(level));
    } catch (IllegalArgumentException e) {
      throw r.error("\"block_at_or_above\" " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return GuardResult.allow("disabled");
    }
    List<String> strings = ArgumentText.of(context.call().arguments());
    PromptInjectionDetector.Result r = PromptInjectionDetector.detect(ScanText.of(strings));
    String details = "level=" + r.level().label() + " score=" + r.score() + " signals=" + r.signals();
    if (r.level().compareTo(blockAt) >= 0) {
      return GuardResult.deny("prompt injection detected (" + r.level().label() + ", score " + r.score() + ")", details);
    }
    return GuardResult.allow(details);
  }
}
