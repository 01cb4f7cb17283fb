package io.chio.kernel.guards.content;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * A compiled path glob: {@code **} crosses directories, {@code *} and {@code ?} stay within one
 * segment, {@code {a,b}} is an alternation. A glob without a {@code /} matches the file name
 * alone (like {@code .gitignore}); otherwise it matches the whole lexically normalized path.
 * Matching is case-sensitive: a skip list is an exemption, so the stricter reading wins.
 */
final class PathGlob {
  private final String source;
  private final Pattern pattern;
  private final boolean nameOnly;

  private PathGlob(String source, Pattern pattern, boolean nameOnly) {
    this.source = source;
    this.pattern = pattern;
    this.nameOnly = nameOnly;
  }

  static PathGlob compile(String glob) {
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("empty glob");
    }
    StringBuilder re = new StringBuilder();
    int braces = 0;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
        if (doubleStar) {
          boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
          boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
          if (slashAfter && atSegmentStart) {
            re.append("(?:.*/)?"); // "**/" also matches zero directories
            i += 3;
          } else {
            re.append(".*");
            i += 2;
          }
        } else {
          re.append("[^/]*");
          i++;
        }
        continue;
      }
      switch (c) {
        case '?' -> re.append("[^/]");
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            throw new IllegalArgumentException("unbalanced '}' in glob \"" + glob + "\"");
          }
          braces--;
          re.append(')');
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        case '\\' -> re.append('/');
        default -> {
          if (Character.isLetterOrDigit(c) || c == '/' || c == '_' || c == '-') {
            re.append(c);
          } else {
            re.append('\\').append(c);
          }
        }
      }
      i++;
    }
    if (braces != 0) {
      throw new IllegalArgumentException("unbalanced '{' in glob \"" + glob + "\"");
    }
    return new PathGlob(glob, Pattern.compile(re.toString()), glob.indexOf('/') < 0);
  }

  /** True when the lexically normalized {@code path} (or its file name) matches. */
  boolean matches(String normalizedPath) {
    String subject = normalizedPath;
    if (nameOnly) {
      int slash = subject.lastIndexOf('/');
      subject = slash < 0 ? subject : subject.substring(slash + 1);
    }
    return pattern.matcher(subject).matches();
  }

  String source() {
    return source;
  }

  /**
   * Backslashes to slashes, repeated slashes collapsed, {@code .} dropped and {@code ..} applied,
   * so {@code tests/../src/app.py} is judged as {@code src/app.py}.
   */
  static String normalize(String path) {
    String p = path.replace('\\', '/');
    boolean absolute = p.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : p.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!absolute) {
          parts.addLast("..");
        }
        continue;
      }
      parts.addLast(seg);
    }
    String joined = String.join("/", parts);
    return absolute ? "/" + joined : joined;
  }
}
