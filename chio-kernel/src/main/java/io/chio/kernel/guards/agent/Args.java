package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import io.chio.kernel.action.MalformedArgumentException;
import java.util.List;

/** Argument reads beyond {@link io.chio.kernel.action.Arguments}: wrong types are malformed (deny). */
final class Args {
  private Args() {}

  /**
   * Adds the value of each present key to {@code out}: a string as is, a list of strings joined
   * with {@code +} (one chord, e.g. {@code ["ctrl","alt","t"]}).
   */
  static void stringsOrChords(JsonNode args, List<String> out, String... keys) throws MalformedArgumentException {
    for (String k : keys) {
      JsonNode v = args.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isTextual()) {
        out.add(v.textValue());
      } else if (v.isArray()) {
        StringBuilder b = new StringBuilder();
        for (JsonNode e : v) {
          if (!e.isTextual()) {
            throw new MalformedArgumentException(k, "argument \"" + k + "\" must be a string or a list of strings, got a list with " + Fields.kind(e));
          }
          if (b.length() > 0) {
            b.append('+');
          }
          b.append(e.textValue());
        }
        out.add(b.toString());
      } else {
        throw new MalformedArgumentException(k, "argument \"" + k + "\" must be a string or a list of strings, got " + Fields.kind(v));
      }
    }
  }

  /**
   * The first present key as a non-negative integer, or null when none is present. A string, a
   * fraction or a negative number is malformed.
   */
  static Long nonNegative(JsonNode args, String... keys) throws MalformedArgumentException {
    for (String k : keys) {
      JsonNode v = args.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new MalformedArgumentException(k, "argument \"" + k + "\" must be a non-negative integer, got "
            + (v.isNumber() ? v.asText() : Fields.kind(v)));
      }
      return v.longValue();
    }
    return null;
  }
}
