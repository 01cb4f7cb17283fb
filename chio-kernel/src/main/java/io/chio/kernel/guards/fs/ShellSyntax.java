package io.chio.kernel.guards.fs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * A POSIX/bash command-line parser, just deep enough for policy: words after quote removal (with
 * which characters were quoted, so globs and braces are only expanded where the shell would),
 * {@code $(...)}, backtick and {@code <(...)} substitutions kept as inner script text, {@code
 * $'...'} ANSI-C strings decoded, unquoted {@code $IFS} treated as a separator, redirections with
 * their targets and here-document bodies, and commands grouped into pipelines. Control words
 * ({@code if}, {@code then}, {@code do}, {@code {}, ...) and subshell parentheses are dropped so the
 * commands inside them are seen. Unterminated quotes or substitutions are a {@link ParseException}:
 * bash would refuse the line too, and the guard fails closed.
 */
final class ShellSyntax {
  private static final Set<String> RESERVED = Set.of(
      "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "{", "}", "!", "function", "select", "coproc", "[[", "]]");

  /**
   * A command substitution inside a word: {@code raw} is its text as it appears in the word
   * ({@code $(...)}, backticks), {@code script} the command it runs; {@code process} marks
   * {@code <(...)}, whose value is a file name rather than output.
   */
  record Substitution(String raw, String script, boolean process) {}

  /** A word after quote removal. {@code quoted} marks characters that came from quotes/escapes or expansions. */
  record Word(String text, BitSet quoted, List<Substitution> substitutions, boolean dynamic) {}

  /** A redirection; {@code body} holds a here-document or here-string text, else null. */
  static final class Redirect {
    final String op;
    Word target;
    String body;

    Redirect(String op) {
      this.op = op;
    }
  }

  record Command(List<Word> words, List<Redirect> redirects) {}

  record Pipeline(List<Command> commands) {}

  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message);
    }
  }

  private static final int WORD = 0;
  private static final int OP = 1;
  private static final int REDIR = 2;

  private record Token(int kind, String op, Word word, Redirect redirect) {}

  private record PendingHeredoc(Redirect redirect, String delimiter, boolean stripTabs) {}

  private final String s;
  private int i;
  private final List<Token> tokens = new ArrayList<>();
  private final List<PendingHeredoc> pending = new ArrayList<>();
  private Redirect awaitingDelimiter;
  private boolean awaitingStripTabs;

  private ShellSyntax(String s) {
    this.s = s;
  }

  static List<Pipeline> parse(String src) throws ParseException {
    ShellSyntax p = new ShellSyntax(src);
    p.lex();
    return p.assemble();
  }

  // ---------------------------------------------------------------- lexing

  private void lex() throws ParseException {
    int n = s.length();
    while (true) {
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
        i++;
      }
      if (i >= n) {
        break;
      }
      char c = s.charAt(i);
      char d = i + 1 < n ? s.charAt(i + 1) : '\0';
      if (c == '\\' && d == '\n') {
        i += 2;
      } else if (c == '#') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\n') {
        op("\n", 1);
        readHeredocBodies();
      } else if (c == ';') {
        op(d == ';' ? ";;" : ";", d == ';' ? 2 : 1);
      } else if (c == '&') {
        if (d == '&') {
          op("&&", 2);
        } else if (d == '>') {
          redirect(s.startsWith("&>>", i) ? "&>>" : "&>");
        } else {
          op("&", 1);
        }
      } else if (c == '|') {
        op(d == '|' ? "||" : d == '&' ? "|&" : "|", d == '|' || d == '&' ? 2 : 1);
      } else if (c == '(' || c == ')') {
        op(String.valueOf(c), 1);
      } else if ((c == '<' || c == '>') && d == '(') {
        wordToken(lexWord());
      } else if (c == '<' || c == '>') {
        redirectOperator();
      } else if (Character.isDigit(c) && fdRedirectAhead()) {
        while (Character.isDigit(s.charAt(i))) {
          i++;
        }
        redirectOperator();
      } else {
        Word w = lexWord();
        if (w != null) {
          wordToken(w);
        }
      }
    }
    if (awaitingDelimiter != null) {
      throw new ParseException("here-document without a delimiter");
    }
    readHeredocBodies();
  }

  private boolean fdRedirectAhead() {
    int j = i;
    while (j < s.length() && Character.isDigit(s.charAt(j))) {
      j++;
    }
    return j < s.length() && (s.charAt(j) == '<' || s.charAt(j) == '>') && !(j + 1 < s.length() && s.charAt(j + 1) == '(');
  }

  private void redirectOperator() {
    String[] ops = {"<<<", "<<-", "<<", "<&", "<>", ">>", ">&", ">|", "<", ">"};
    for (String o : ops) {
      if (s.startsWith(o, i)) {
        redirect(o);
        return;
      }
    }
    throw new IllegalStateException("not a redirection at " + i);
  }

  private void op(String op, int len) {
    i += len;
    tokens.add(new Token(OP, op, null, null));
  }

  private void redirect(String op) {
    i += op.length();
    Redirect r = new Redirect(op);
    tokens.add(new Token(REDIR, op, null, r));
    if (op.equals("<<") || op.equals("<<-")) {
      awaitingDelimiter = r;
      awaitingStripTabs = op.equals("<<-");
    }
  }

  private void wordToken(Word w) {
    if (awaitingDelimiter != null) {
      pending.add(new PendingHeredoc(awaitingDelimiter, w.text(), awaitingStripTabs));
      awaitingDelimiter = null;
    }
    tokens.add(new Token(WORD, null, w, null));
  }

  private void readHeredocBodies() {
    for (PendingHeredoc h : pending) {
      String delim = h.delimiter();
      StringBuilder body = new StringBuilder();
      while (i < s.length()) {
        int end = s.indexOf('\n', i);
        String line = end < 0 ? s.substring(i) : s.substring(i, end);
        i = end < 0 ? s.length() : end + 1;
        String cmp = h.stripTabs() ? line.replaceFirst("^\t+", "") : line;
        if (cmp.equals(delim)) {
          break;
        }
        body.append(line).append('\n');
      }
      h.redirect().body = body.toString();
    }
    pending.clear();
  }

  /** Lexes one word at {@code i}; null when it turned out to be only an {@code $IFS} separator. */
  private Word lexWord() throws ParseException {
    int n = s.length();
    StringBuilder t = new StringBuilder();
    BitSet q = new BitSet();
    List<Substitution> subs = new ArrayList<>(0);
    boolean dynamic = false;
    boolean sawQuote = false;
    if ((s.charAt(i) == '<' || s.charAt(i) == '>') && i + 1 < n && s.charAt(i + 1) == '(') {
      int close = matchParen(i + 1);
      String inner = s.substring(i + 2, close);
      subs.add(new Substitution(s.substring(i, close + 1), inner, true));
      appendQuoted(t, q, s.substring(i, close + 1));
      i = close + 1;
      dynamic = true;
    }
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>') {
        break;
      }
      if (c == '\\') {
        if (i + 1 < n && s.charAt(i + 1) == '\n') {
          i += 2;
        } else if (i + 1 < n) {
          sawQuote = true;
          appendQuoted(t, q, String.valueOf(s.charAt(i + 1)));
          i += 2;
        } else {
          i++;
        }
      } else if (c == '\'') {
        int j = s.indexOf('\'', i + 1);
        if (j < 0) {
          throw new ParseException("unterminated single quote");
        }
        appendQuoted(t, q, s.substring(i + 1, j));
        i = j + 1;
        sawQuote = true;
      } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '\'') {
        i += 2;
        sawQuote = true;
        appendQuoted(t, q, ansiC());
      } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '"') {
        i++;
      } else if (c == '"') {
        i++;
        sawQuote = true;
        while (true) {
          if (i >= n) {
            throw new ParseException("unterminated double quote");
          }
          char d = s.charAt(i);
          if (d == '"') {
            i++;
            break;
          }
          if (d == '\\' && i + 1 < n && "$`\"\\\n".indexOf(s.charAt(i + 1)) >= 0) {
            if (s.charAt(i + 1) != '\n') {
              appendQuoted(t, q, String.valueOf(s.charAt(i + 1)));
            }
            i += 2;
          } else if (d == '$' && i + 1 < n && isExpansionStart(s.charAt(i + 1))) {
            dynamic = true;
            expansion(t, q, subs);
          } else if (d == '`') {
            dynamic = true;
            backtick(t, q, subs);
          } else {
            appendQuoted(t, q, String.valueOf(d));
            i++;
          }
        }
      } else if (c == '$' && i + 1 < n && isExpansionStart(s.charAt(i + 1))) {
        if (ifsAhead()) {
          if (t.length() > 0 || dynamic) {
            break;
          }
          continue;
        }
        dynamic = true;
        expansion(t, q, subs);
      } else if (c == '`') {
        dynamic = true;
        backtick(t, q, subs);
      } else {
        t.append(c);
        i++;
      }
    }
    if (t.length() == 0 && !dynamic && !sawQuote) {
      return null; // only an $IFS separator
    }
    return new Word(t.toString(), q, List.copyOf(subs), dynamic);
  }

  /** Consumes an unquoted {@code $IFS} / {@code ${IFS}} at {@code i}, which word-splits to a separator. */
  private boolean ifsAhead() {
    if (s.startsWith("${IFS}", i)) {
      i += 6;
      return true;
    }
    if (s.startsWith("$IFS", i) && (i + 4 >= s.length() || !isNameChar(s.charAt(i + 4)))) {
      i += 4;
      return true;
    }
    return false;
  }

  private static boolean isExpansionStart(char c) {
    return c == '(' || c == '{' || isNameChar(c) || "@*#?$!-".indexOf(c) >= 0;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private void expansion(StringBuilder t, BitSet q, List<Substitution> subs) throws ParseException {
    int n = s.length();
    char c = s.charAt(i + 1);
    if (c == '(' && i + 2 < n && s.charAt(i + 2) == '(') {
      int close = matchParen(i + 1);
      appendQuoted(t, q, s.substring(i, close + 1));
      i = close + 1;
    } else if (c == '(') {
      int close = matchParen(i + 1);
      subs.add(new Substitution(s.substring(i, close + 1), s.substring(i + 2, close), false));
      appendQuoted(t, q, s.substring(i, close + 1));
      i = close + 1;
    } else if (c == '{') {
      int close = matchBrace(i + 1);
      String inner = s.substring(i + 2, close);
      collectNestedSubstitutions(inner, subs);
      appendQuoted(t, q, s.substring(i, close + 1));
      i = close + 1;
    } else if (isNameChar(c) && !Character.isDigit(c)) {
      int j = i + 1;
      while (j < n && isNameChar(s.charAt(j))) {
        j++;
      }
      appendQuoted(t, q, s.substring(i, j));
      i = j;
    } else {
      appendQuoted(t, q, s.substring(i, i + 2));
      i += 2;
    }
  }

  /** {@code ${x:-$(cmd)}} runs cmd: pull such substitutions out of a parameter expansion. */
  private static void collectNestedSubstitutions(String inner, List<Substitution> subs) throws ParseException {
    int k = inner.indexOf("$(");
    while (k >= 0) {
      ShellSyntax p = new ShellSyntax(inner);
      int close = p.matchParen(k + 1);
      subs.add(new Substitution(inner.substring(k, close + 1), inner.substring(k + 2, close), false));
      k = inner.indexOf("$(", close + 1);
    }
    int b = inner.indexOf('`');
    if (b >= 0) {
      int e = inner.indexOf('`', b + 1);
      if (e > b) {
        subs.add(new Substitution(inner.substring(b, e + 1), inner.substring(b + 1, e), false));
      }
    }
  }

  private void backtick(StringBuilder t, BitSet q, List<Substitution> subs) throws ParseException {
    int n = s.length();
    StringBuilder inner = new StringBuilder();
    int j = i + 1;
    while (true) {
      if (j >= n) {
        throw new ParseException("unterminated backquote");
      }
      char c = s.charAt(j);
      if (c == '\\' && j + 1 < n && "$`\\".indexOf(s.charAt(j + 1)) >= 0) {
        inner.append(s.charAt(j + 1));
        j += 2;
      } else if (c == '`') {
        break;
      } else {
        inner.append(c);
        j++;
      }
    }
    subs.add(new Substitution(s.substring(i, j + 1), inner.toString(), false));
    appendQuoted(t, q, s.substring(i, j + 1));
    i = j + 1;
  }

  /** Index of the ')' matching the '(' at {@code open}, skipping quotes and nested parens. */
  private int matchParen(int open) throws ParseException {
    int depth = 0;
    int n = s.length();
    for (int j = open; j < n; j++) {
      char c = s.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '\'') {
        int e = s.indexOf('\'', j + 1);
        if (e < 0) {
          throw new ParseException("unterminated single quote");
        }
        j = e;
      } else if (c == '"') {
        j = skipDoubleQuoted(j);
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return j;
        }
      }
    }
    throw new ParseException("unterminated command substitution");
  }

  private int skipDoubleQuoted(int open) throws ParseException {
    for (int j = open + 1; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '"') {
        return j;
      }
    }
    throw new ParseException("unterminated double quote");
  }

  private int matchBrace(int open) throws ParseException {
    int depth = 0;
    for (int j = open; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return j;
        }
      }
    }
    throw new ParseException("unterminated parameter expansion");
  }

  /** Decodes a {@code $'...'} body starting at {@code i}; leaves {@code i} after the closing quote. */
  private String ansiC() throws ParseException {
    StringBuilder out = new StringBuilder();
    int n = s.length();
    while (true) {
      if (i >= n) {
        throw new ParseException("unterminated $'...' string");
      }
      char c = s.charAt(i);
      if (c == '\'') {
        i++;
        return out.toString();
      }
      if (c != '\\' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000b');
        case 'e', 'E' -> out.append('\u001b');
        case 'x' -> out.appendCodePoint(number(16, 2));
        case 'u' -> out.appendCodePoint(number(16, 4));
        case 'U' -> out.appendCodePoint(number(16, 8));
        case 'c' -> {
          if (i < n) {
            out.append((char) (s.charAt(i) & 0x1f));
            i++;
          }
        }
        default -> {
          if (e >= '0' && e <= '7') {
            i--;
            out.appendCodePoint(number(8, 3));
          } else {
            out.append(e);
          }
        }
      }
    }
  }

  private int number(int radix, int maxDigits) {
    int v = 0;
    int k = 0;
    while (k < maxDigits && i < s.length() && Character.digit(s.charAt(i), radix) >= 0) {
      v = v * radix + Character.digit(s.charAt(i), radix);
      i++;
      k++;
    }
    return Character.isValidCodePoint(v) ? v : 0xFFFD;
  }

  private static void appendQuoted(StringBuilder t, BitSet q, String text) {
    int start = t.length();
    t.append(text);
    q.set(start, t.length());
  }

  // ---------------------------------------------------------------- assembling

  private List<Pipeline> assemble() throws ParseException {
    List<Pipeline> out = new ArrayList<>();
    List<Command> pipe = new ArrayList<>();
    List<Word> words = new ArrayList<>();
    List<Redirect> redirects = new ArrayList<>();
    for (int k = 0; k < tokens.size(); k++) {
      Token tok = tokens.get(k);
      if (tok.kind() == WORD) {
        Word w = tok.word();
        if (words.isEmpty() && !w.quoted().get(0) && RESERVED.contains(w.text())) {
          continue;
        }
        words.add(w);
      } else if (tok.kind() == REDIR) {
        if (k + 1 >= tokens.size() || tokens.get(k + 1).kind() != WORD) {
          throw new ParseException("redirection " + Evidence.quote(tok.op()) + " has no target");
        }
        Redirect r = tok.redirect();
        r.target = tokens.get(++k).word();
        if (r.op.equals("<<<")) {
          r.body = r.target.text();
        }
        redirects.add(r);
      } else {
        String op = tok.op();
        if (!words.isEmpty() || !redirects.isEmpty()) {
          pipe.add(new Command(List.copyOf(words), List.copyOf(redirects)));
          words.clear();
          redirects.clear();
        }
        boolean continuesPipe = op.equals("|") || op.equals("|&") || op.equals("(") || op.equals(")");
        if (!continuesPipe && !pipe.isEmpty()) {
          out.add(new Pipeline(List.copyOf(pipe)));
          pipe.clear();
        }
      }
    }
    if (!words.isEmpty() || !redirects.isEmpty()) {
      pipe.add(new Command(List.copyOf(words), List.copyOf(redirects)));
    }
    if (!pipe.isEmpty()) {
      out.add(new Pipeline(List.copyOf(pipe)));
    }
    return out;
  }
}
