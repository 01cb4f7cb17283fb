package io.chio.protect.route;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A spec path split into segments: literals, whole-segment {@code {param}}s and mixed templates. */
final class PathTemplate {
  sealed interface Segment permits Literal, Param, Mixed {}

  record Literal(String text) implements Segment {}

  record Param(String name) implements Segment {}

  /** A segment like {@code {name}.json} or {@code {from}..{to}}; each parameter matches one or more characters. */
  record Mixed(String template, Pattern regex) implements Segment {}

  private PathTemplate() {}

  /**
   * Splits {@code /a/{b}/c.{ext}} into segments. {@code /} is one empty segment and a trailing slash
   * is a final empty segment, so {@code /pets} and {@code /pets/} differ.
   */
  static List<Segment> parse(String path, String where) throws SpecException {
    if (!path.startsWith("/")) {
      throw new SpecException(where + ": path must start with '/'");
    }
    String[] raw = path.substring(1).split("/", -1);
    List<Segment> out = new ArrayList<>(raw.length);
    for (int i = 0; i < raw.length; i++) {
      String s = raw[i];
      if (s.isEmpty() && i < raw.length - 1) {
        throw new SpecException(where + ": empty path segment ('//')");
      }
      out.add(segment(s, where));
    }
    return out;
  }

  private static Segment segment(String s, String where) throws SpecException {
    int open = s.indexOf('{');
    if (open < 0) {
      if (s.indexOf('}') >= 0) {
        throw new SpecException(where + ": unbalanced '}' in segment \"" + s + "\"");
      }
      if (s.equals(".") || s.equals("..")) {
        throw new SpecException(where + ": dot segment \"" + s + "\" in a path pattern");
      }
      return new Literal(s);
    }
    if (open == 0 && s.endsWith("}") && s.indexOf('{', 1) < 0 && s.indexOf('}') == s.length() - 1) {
      String name = s.substring(1, s.length() - 1);
      if (name.isEmpty()) {
        throw new SpecException(where + ": empty parameter name '{}'");
      }
      return new Param(name);
    }
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int o = s.indexOf('{', i);
      int c = s.indexOf('}', i);
      if (o < 0) {
        if (c >= 0) {
          throw new SpecException(where + ": unbalanced '}' in segment \"" + s + "\"");
        }
        regex.append(Pattern.quote(s.substring(i)));
        break;
      }
      if (c >= 0 && c < o) {
        throw new SpecException(where + ": unbalanced '}' in segment \"" + s + "\"");
      }
      if (o > i) {
        regex.append(Pattern.quote(s.substring(i, o)));
      }
      int close = s.indexOf('}', o);
      if (close < 0 || s.indexOf('{', o + 1) >= 0 && s.indexOf('{', o + 1) < close) {
        throw new SpecException(where + ": unbalanced '{' in segment \"" + s + "\"");
      }
      if (close == o + 1) {
        throw new SpecException(where + ": empty parameter name '{}'");
      }
      regex.append("(.+?)");
      i = close + 1;
    }
    return new Mixed(s, Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  /** The shape two templates share when they are the same route: parameter names erased. */
  static String shape(List<Segment> segments) {
    StringBuilder b = new StringBuilder();
    for (Segment s : segments) {
      b.append('/');
      if (s instanceof Literal l) {
        b.append('L').append(l.text());
      } else if (s instanceof Param) {
        b.append('P');
      } else if (s instanceof Mixed m) {
        b.append('M').append(m.regex().pattern());
      } else {
        throw new IllegalStateException("unknown segment " + s);
      }
    }
    return b.toString();
  }
}
