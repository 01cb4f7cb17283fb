package io.chio.kernel.guards.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A conservative SQL tokenizer used next to the real parser. It exists because databases disagree
 * about comments and escapes, and a query that the parser reads one way may run another way on
 * the server. Anything that reads differently across MySQL, PostgreSQL, SQL Server, SQLite and
 * the parser is reported as a {@link #hazard()} and the query is denied:
 *
 * <ul>
 *   <li>MySQL executable comments {@code /*! ... *}{@code /} (the server runs what the parser skips);
 *   <li>a block comment opened inside a block comment (PostgreSQL nests them, others do not);
 *   <li>{@code --} not followed by whitespace (MySQL reads {@code 1 --1} as arithmetic);
 *   <li>{@code #} other than the PostgreSQL JSON operators {@code #>}/{@code #>>} (a MySQL comment);
 *   <li>a backslash right before a quote inside a string or quoted identifier (MySQL and
 *       PostgreSQL {@code E''} strings treat it as an escape, standard SQL does not);
 *   <li>unterminated strings, identifiers and comments.
 * </ul>
 *
 * Comments are dropped; strings (including PostgreSQL dollar-quoted ones) become one token each,
 * so words inside literals never count as code.
 */
final class SqlLexer {
  enum Kind {
    WORD,
    QUOTED,
    STRING,
    NUMBER,
    PUNCT
  }

  /** {@code text} is lower-cased for words and quoted identifiers, the raw character for punctuation. */
  record Token(Kind kind, String text) {
    boolean isPunct(char c) {
      return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
    }

    boolean isName() {
      return kind == Kind.WORD || kind == Kind.QUOTED;
    }
  }

  private final List<Token> tokens = new ArrayList<>();
  private String hazard;

  private SqlLexer() {}

  static SqlLexer lex(String sql) {
    SqlLexer l = new SqlLexer();
    l.run(sql);
    return l;
  }

  List<Token> tokens() {
    return tokens;
  }

  /** Why the text reads ambiguously, or null. */
  String hazard() {
    return hazard;
  }

  private void fail(String why) {
    if (hazard == null) {
      hazard = why;
    }
  }

  private void run(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && hazard == null) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        if (i + 2 < n && !Character.isWhitespace(s.charAt(i + 2))) {
          fail("ambiguous comment: \"--\" must be followed by a space");
          return;
        }
        int eol = s.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        i = blockComment(s, i);
      } else if (c == '#') {
        if (i + 1 < n && s.charAt(i + 1) == '>') {
          tokens.add(new Token(Kind.PUNCT, "#"));
          i++;
        } else {
          fail("ambiguous '#': a comment in MySQL, an operator elsewhere");
          return;
        }
      } else if (c == '\'') {
        i = quoted(s, i, '\'', Kind.STRING);
      } else if (c == '"') {
        i = quoted(s, i, '"', Kind.QUOTED);
      } else if (c == '`') {
        i = quoted(s, i, '`', Kind.QUOTED);
      } else if (c == '$' && (i == 0 || !isWordChar(s.charAt(i - 1)))) {
        i = dollar(s, i);
      } else if (isWordStart(c)) {
        int start = i;
        while (i < n && isWordChar(s.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.WORD, s.substring(start, i).toLowerCase(Locale.ROOT)));
      } else if (c >= '0' && c <= '9') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, s.substring(start, i)));
      } else {
        tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
        i++;
      }
    }
  }

  private int blockComment(String s, int start) {
    if (start + 2 < s.length() && s.charAt(start + 2) == '!') {
      fail("MySQL executable comment \"/*!\"");
      return s.length();
    }
    int end = s.indexOf("*/", start + 2);
    if (end < 0) {
      fail("unterminated block comment");
      return s.length();
    }
    if (s.substring(start + 2, end).contains("/*")) {
      fail("nested block comment");
      return s.length();
    }
    return end + 2;
  }

  private int quoted(String s, int start, char q, Kind kind) {
    StringBuilder sb = new StringBuilder();
    int i = start + 1;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < n && s.charAt(i + 1) == q) {
        fail("ambiguous backslash before a quote in a literal");
        return n;
      }
      if (c == q) {
        if (i + 1 < n && s.charAt(i + 1) == q) {
          sb.append(q);
          i += 2;
          continue;
        }
        String text = kind == Kind.QUOTED ? sb.toString().toLowerCase(Locale.ROOT) : sb.toString();
        tokens.add(new Token(kind, text));
        return i + 1;
      }
      sb.append(c);
      i++;
    }
    fail("unterminated " + (kind == Kind.STRING ? "string literal" : "quoted identifier"));
    return n;
  }

  private int dollar(String s, int start) {
    int i = start + 1;
    int n = s.length();
    while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    boolean tagOk = i < n && s.charAt(i) == '$' && (i == start + 1 || !Character.isDigit(s.charAt(start + 1)));
    if (!tagOk) {
      tokens.add(new Token(Kind.PUNCT, "$"));
      return start + 1;
    }
    String delim = s.substring(start, i + 1);
    int end = s.indexOf(delim, i + 1);
    if (end < 0) {
      fail("unterminated dollar-quoted string");
      return n;
    }
    tokens.add(new Token(Kind.STRING, s.substring(i + 1, end)));
    return end + delim.length();
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '@';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
  }
}
