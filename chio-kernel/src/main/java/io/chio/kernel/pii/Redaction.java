package io.chio.kernel.pii;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * How one finding is replaced. Config names: {@code label} ({@code [EMAIL_REDACTED]}), {@code
 * mask} (every letter and digit becomes {@code *}, separators stay), {@code partial} (all but the
 * last four letters/digits masked), {@code hash} (a keyed token {@code [EMAIL_3f9a...]}: the same
 * value under the same key always gives the same token, so records stay joinable) and {@code drop}
 * (removed).
 */
public sealed interface Redaction permits Redaction.Label, Redaction.Mask, Redaction.Partial, Redaction.KeyedHash, Redaction.Drop {

  /** The replacement for {@code value}, found as {@code match}. */
  String replace(PiiMatch match, String value);

  /** The config name. */
  String name();

  static Redaction label() {
    return Label.INSTANCE;
  }

  static Redaction mask() {
    return Mask.INSTANCE;
  }

  static Redaction partial() {
    return Partial.INSTANCE;
  }

  static Redaction drop() {
    return Drop.INSTANCE;
  }

  static Redaction keyedHash(RedactionKey key) {
    return new KeyedHash(key);
  }

  /**
   * Parses a config name; {@code hash} needs {@code key}.
   *
   * @throws IllegalArgumentException for unknown names or {@code hash} without a key
   */
  static Redaction parse(String name, RedactionKey key) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "label" -> label();
      case "mask" -> mask();
      case "partial" -> partial();
      case "drop" -> drop();
      case "hash" -> {
        if (key == null) {
          throw new IllegalArgumentException("redaction \"hash\" needs a redaction key (redaction_key_hex)");
        }
        yield keyedHash(key);
      }
      default -> throw new IllegalArgumentException("unknown redaction \"" + name + "\" (known: label, mask, partial, hash, drop)");
    };
  }

  record Label() implements Redaction {
    static final Label INSTANCE = new Label();

    @Override
    public String replace(PiiMatch match, String value) {
      return "[" + match.label() + "_REDACTED]";
    }

    @Override
    public String name() {
      return "label";
    }
  }

  record Mask() implements Redaction {
    static final Mask INSTANCE = new Mask();

    @Override
    public String replace(PiiMatch match, String value) {
      return maskKeepingLast(value, 0);
    }

    @Override
    public String name() {
      return "mask";
    }
  }

  record Partial() implements Redaction {
    static final Partial INSTANCE = new Partial();

    @Override
    public String replace(PiiMatch match, String value) {
      return maskKeepingLast(value, 4);
    }

    @Override
    public String name() {
      return "partial";
    }
  }

  record Drop() implements Redaction {
    static final Drop INSTANCE = new Drop();

    @Override
    public String replace(PiiMatch match, String value) {
      return "";
    }

    @Override
    public String name() {
      return "drop";
    }
  }

  /** Token = label + first 16 hex digits of HMAC-SHA256(key, label ":" value); type-scoped so an SSN and a card never collide. */
  record KeyedHash(RedactionKey key) implements Redaction {
    public KeyedHash {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String replace(PiiMatch match, String value) {
      byte[] mac = key.mac((match.label() + ":" + value).getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder("[").append(match.label()).append('_');
      for (int i = 0; i < 8; i++) {
        b.append(Character.forDigit((mac[i] >> 4) & 0xf, 16)).append(Character.forDigit(mac[i] & 0xf, 16));
      }
      return b.append(']').toString();
    }

    @Override
    public String name() {
      return "hash";
    }

    @Override
    public String toString() {
      return "KeyedHash{key=<redacted>}";
    }
  }

  /** Letters and digits become {@code *} except the last {@code keep} of them (only if at least as many stay hidden). */
  private static String maskKeepingLast(String value, int keep) {
    int alnum = 0;
    for (int i = 0; i < value.length(); i++) {
      if (Character.isLetterOrDigit(value.charAt(i))) {
        alnum++;
      }
    }
    int visible = keep > 0 && alnum >= 2 * keep ? keep : 0;
    StringBuilder b = new StringBuilder(value.length());
    int seen = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        seen++;
        b.append(seen > alnum - visible ? c : '*');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
