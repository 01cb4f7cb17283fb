package io.chio.lambda.policy;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code policy.rules[]} entry: the tool it governs (exact, or a glob where {@code *} is any
 * run of characters except {@code /} and {@code **} any run at all), the scopes of which the caller
 * must present at least one (none listed: any), and the guards that run on it.
 *
 * @param index position in {@code policy.rules}, for messages and receipts
 */
public record Rule(int index, String tool, List<String> scopes, List<GuardRef> guards) {
  public Rule {
    Objects.requireNonNull(tool, "tool");
    scopes = List.copyOf(scopes);
    guards = List.copyOf(guards);
  }

  public boolean matches(String candidate) {
    if (!tool.contains("*")) {
      return tool.equals(candidate);
    }
    return glob(tool).matcher(candidate).matches();
  }

  private static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*') {
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** A guard named in a rule, with its optional config (null: defaults). */
  public record GuardRef(String name, com.fasterxml.jackson.databind.JsonNode config) {
    public GuardRef {
      Objects.requireNonNull(name, "name");
    }
  }
}
