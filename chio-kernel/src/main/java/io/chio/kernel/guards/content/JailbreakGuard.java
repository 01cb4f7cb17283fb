package io.chio.kernel.guards.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.List;
import java.util.Set;

/**
 * {@code jailbreak}: a scored detector (0..100) over every string argument (values and keys) for attempts to talk a
 * model out of its safety behaviour: DAN / "do anything now" personas, "pretend you have no
 * restrictions", "ignore your guidelines", disabling safety filters, refusal suppression ("never
 * refuse", "no disclaimers"), developer/god-mode framing, evil or unfiltered personas,
 * role-play-to-bypass, hypothetical framing of harmful how-tos, the "grandma" exploit, many-shot
 * fake dialogues, and obfuscation (leetspeak, spaced letters, hidden or encoded text). Text is
 * canonicalised as for {@link PromptInjectionGuard}.
 *
 * <p>Config (HushSpec {@code extensions.detection.jailbreak}): {@code enabled} (default {@code
 * true}), {@code block_threshold} (0..100, default 80 — the HushSpec default; the Rust reference
 * uses 0.75 on a 0..1 scale). Evidence gives the score and signal names, never the text.
 */
public final class JailbreakGuard implements Guard {
  public static final String NAME = "jailbreak";
  static final long DEFAULT_THRESHOLD = 80;
  private static final Set<String> KEYS = Set.of("enabled", "block_threshold");

  private final boolean enabled;
  private final int threshold;

  private JailbreakGuard(boolean enabled, int threshold) {
    this.enabled = enabled;
    this.threshold = threshold;
  }

  public static JailbreakGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = new ConfigReader(NAME, config, KEYS);
    boolean enabled = r.bool("enabled", true);
    long threshold = r.integer("block_threshold", DEFAULT_THRESHOLD, 0, 100);
    return new JailbreakGuard(enabled, (int) threshold);
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
    JailbreakDetector.Result r = JailbreakDetector.detect(ScanText.of(strings));
    String details = "score=" + r.score() + " threshold=" + threshold + " signals=" + r.signals();
    if (r.score() >= threshold) {
      return GuardResult.deny("jailbreak attempt detected (score " + r.score() + ")", details);
    }
    return GuardResult.allow(details);
  }
}
