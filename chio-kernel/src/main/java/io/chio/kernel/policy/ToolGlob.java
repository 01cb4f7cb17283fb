package io.chio.kernel.policy;

import java.util.regex.Pattern;

/** A tool-name glob: {@code *} any run of characters, {@code ?} one character, everything else literal. */
final class ToolGlob {
  private final String glob;
  private final Pattern pattern;

  ToolGlob(String glob) {
    this.glob = glob;
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    this.pattern = Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  boolean matches(String toolName) {
    return pattern.matcher(toolName).matches();
  }

  boolean isLiteral() {
    return glob.indexOf('*') < 0 && glob.indexOf('?') < 0;
  }

  @Override
  public String toString() {
    return glob;
  }
}
