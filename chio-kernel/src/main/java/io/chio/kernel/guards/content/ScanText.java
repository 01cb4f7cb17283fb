package io.chio.kernel.guards.content;

import java.util.ArrayList;
import java.util.List;

/**
 * The argument text of one call, prepared once for the scored detectors: the canonical {@link
 * #primary} form, and the {@link #alternates} an attacker might hide behind — leetspeak, letters
 * spelled out with spaces, Unicode tag characters, and base64/hex/percent/escape encodings.
 */
final class ScanText {
  final String primary;
  final List<String> alternates;
  final TextNormalizer.Hidden hidden;
  final boolean spacedLetters;
  final int decodedPayloads;

  private ScanText(String primary, List<String> alternates, TextNormalizer.Hidden hidden, boolean spacedLetters, int decodedPayloads) {
    this.primary = primary;
    this.alternates = alternates;

    this.hidden = hidden;
    this.spacedLetters = spacedLetters;
    this.decodedPayloads = decodedPayloads;
  }

  /** Joins {@code strings} with newlines (so a phrase split across two arguments is still seen) and prepares the views. */
  static ScanText of(List<String> strings) {
    String raw = String.join("\n", strings);
    String primary = TextNormalizer.fold(raw);
    List<String> alternates = new ArrayList<>(2);
    String unleet = TextNormalizer.unleet(primary);
    if (!unleet.equals(primary)) {
      alternates.add(unleet);
    }
    String despaced = TextNormalizer.despace(unleet);
    boolean spaced = !despaced.equals(unleet);
    if (spaced) {
      alternates.add(despaced);
    }
    TextNormalizer.Hidden hidden = TextNormalizer.hidden(raw);
    if (!hidden.tagText().isEmpty()) {
      alternates.add(TextNormalizer.fold(hidden.tagText()));
    }
    List<String> decoded = EncodedPayloads.decode(raw);
    for (String d : decoded) {
      alternates.add(TextNormalizer.fold(d));
    }
    return new ScanText(primary, List.copyOf(alternates), hidden, spaced, decoded.size());
  }
}
