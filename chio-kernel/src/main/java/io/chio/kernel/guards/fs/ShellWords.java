package io.chio.kernel.guards.fs;

import io.chio.kernel.guards.fs.ShellSyntax.Command;
import io.chio.kernel.guards.fs.ShellSyntax.Pipeline;
import io.chio.kernel.guards.fs.ShellSyntax.Substitution;
import io.chio.kernel.guards.fs.ShellSyntax.Word;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level shell semantics the analyzer needs: brace expansion, folding of constant {@code
 * $(echo ...)} / {@code $(printf ...)} substitutions, positional parameters of {@code sh -c},
 * assignment and command-name recognition, and the concrete secret names a glob could expand to.
 */
final class ShellWords {
  private static final int MAX_BRACE_WORDS = 256;
  /** Brace lists expanded per word; more is refused (each level copies the word). */
  private static final int MAX_BRACE_LISTS = 16;
  /** Longer words are not brace-expanded; one with an unquoted {a,b} is refused instead. */
  static final int MAX_BRACE_WORD_CHARS = 1 << 16;
  private static final int MAX_GLOB_CANDIDATES = 16;
  private static final Set<String> SENSITIVE_NAMES = Set.of(
      ".ssh", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "authorized_keys", ".aws", "credentials", ".env", ".envrc", ".gnupg", ".kube", ".docker",
      ".npmrc", ".netrc", ".pypirc", ".pgpass", ".git-credentials", ".gitconfig", "shadow", "gshadow", "passwd", "sudoers", ".password-store", ".1password", ".azure", "environ");
  private static final Set<String> SYSTEM_DIRS = Set.of(
      "bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32", "opt", "proc", "root", "sbin", "srv", "sys", "usr", "var", "users", "system", "library", "applications", "private");
  /** $HOME, ${HOME}, ${HOME:?}, ${HOME%/}: all the home directory. */
  private static final Pattern HOME_PREFIX = Pattern.compile("\\$HOME\\b|\\$\\{HOME(?:[^A-Za-z0-9_}][^}]*)?\\}");
  private static final Pattern POSITIONAL = Pattern.compile("\\$\\{([0-9@*])\\}|\\$([0-9@*])");
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_./~:@%+=,-]*");

  private ShellWords() {}

  /** One argument after brace expansion (and constant substitution folding). */
  record Arg(String text, BitSet quoted, List<Substitution> subs, boolean dynamic) {
    static Arg literal(String text) {
      return new Arg(text, new BitSet(), List.of(), false);
    }

    /** True when an unquoted glob character ({@code * ? [}) is present. */
    boolean hasGlob() {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if ((c == '*' || c == '?' || c == '[') && !quoted.get(i)) {
          return true;
        }
      }
      return false;
    }

    /** Substitutions that were not folded into the text (their output is unknown). */
    List<String> scripts() {
      List<String> out = new ArrayList<>(subs.size());
      for (Substitution s : subs) {
        out.add(s.script());
      }
      return out;
    }
  }

  static final class TooComplex extends Exception {
    private static final long serialVersionUID = 1L;

    TooComplex(String message) {
      super(message, null, false, false);
    }
  }

  /** Brace-expands and constant-folds every word, as bash would before running the command. */
  static List<Arg> expand(List<Word> words) throws TooComplex {
    List<Arg> out = new ArrayList<>(words.size());
    for (Word w : words) {
      Word folded = fold(w);
      if (folded.text().length() > MAX_BRACE_WORD_CHARS) {
        if (hasUnquotedBraceList(folded)) {
          throw new TooComplex("a " + folded.text().length() + "-character word uses brace expansion");
        }
        out.add(new Arg(folded.text(), folded.quoted(), folded.substitutions(), folded.dynamic()));
        continue;
      }
      braces(folded.text(), folded.quoted(), folded, out, out.size(), 0);
    }
    return out;
  }

  private static boolean hasUnquotedBraceList(Word w) {
    String t = w.text();
    int open = -1;
    for (int i = 0; i < t.length(); i++) {
      if (w.quoted().get(i)) {
        continue;
      }
      char c = t.charAt(i);
      if (c == '{') {
        open = i;
      } else if (c == ',' && open >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Replaces {@code $(echo x)} / {@code `printf x`} with their constant output when every substitution is constant. */
  private static Word fold(Word w) {
    if (w.substitutions().isEmpty()) {
      return w;
    }
    String text = w.text();
    for (Substitution s : w.substitutions()) {
      String out = s.process() ? null : constantOutput(s.script());
      if (out == null) {
        return w;
      }
      text = text.replace(s.raw(), out);
    }
    return new Word(text, new BitSet(), List.of(), text.indexOf('$') >= 0);
  }

  /** The output of a substitution that is a single echo/printf of literal words, else null. */
  static String constantOutput(String script) {
    List<Pipeline> ps;
    try {
      ps = ShellSyntax.parse(script);
    } catch (ShellSyntax.ParseException e) {
      return null;
    }
    if (ps.size() != 1 || ps.get(0).commands().size() != 1) {
      return null;
    }
    Command c = ps.get(0).commands().get(0);
    if (!c.redirects().isEmpty() || c.words().isEmpty()) {
      return null;
    }
    for (Word w : c.words()) {
      if (w.dynamic()) {
        return null;
      }
    }
    String name = commandName(c.words().get(0).text());
    List<String> args = new ArrayList<>();
    for (Word w : c.words().subList(1, c.words().size())) {
      args.add(w.text());
    }
    if (name.equals("echo")) {
      boolean escapes = false;
      while (!args.isEmpty() && args.get(0).matches("-[neE]+")) {
        escapes |= args.get(0).contains("e");
        args.remove(0);
      }
      String joined = String.join(" ", args);
      return escapes ? decodeEscapes(joined) : joined;
    }
    if (name.equals("printf") && !args.isEmpty()) {
      String fmt = decodeEscapes(args.get(0));
      StringBuilder b = new StringBuilder();
      int next = 1;
      for (int i = 0; i < fmt.length(); i++) {
        char ch = fmt.charAt(i);
        if (ch == '%' && i + 1 < fmt.length()) {
          char spec = fmt.charAt(++i);
          if (spec == '%') {
            b.append('%');
          } else {
            b.append(next < args.size() ? (spec == 'b' ? decodeEscapes(args.get(next)) : args.get(next)) : "");
            next++;
          }
        } else {
          b.append(ch);
        }
      }
      return b.toString();
    }
    return null;
  }

  /** Decodes echo -e / printf escapes: \n \t \\ \xHH \NNN (octal) \0NNN. */
  static String decodeEscapes(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        b.append(c);
        i++;
        continue;
      }
      char e = s.charAt(i + 1);
      i += 2;
      if (e == 'x') {
        int v = 0;
        int k = 0;
        while (k < 2 && i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
          v = v * 16 + Character.digit(s.charAt(i++), 16);
          k++;
        }
        b.append((char) v);
      } else if (e >= '0' && e <= '7') {
        int v = e - '0';
        int k = 1;
        while (k < 4 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
          v = v * 8 + (s.charAt(i++) - '0');
          k++;
        }
        b.append((char) (v & 0xff));
      } else {
        b.append(switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          default -> e;
        });
      }
    }
    return b.toString();
  }

  /** Bash brace expansion on unquoted braces; stops adding words at {@value #MAX_BRACE_WORDS}. */
  private static void braces(String text, BitSet quoted, Word w, List<Arg> out, int base, int level) throws TooComplex {
    if (out.size() - base >= MAX_BRACE_WORDS) {
      return;
    }
    int[] pair = firstBraceList(text, quoted);
    if (pair == null) {
      out.add(new Arg(text, quoted, w.substitutions(), w.dynamic()));
      return;
    }
    if (level >= MAX_BRACE_LISTS) {
      throw new TooComplex("a word has more than " + MAX_BRACE_LISTS + " brace lists");
    }
    int open = pair[0];
    int close = pair[1];
    List<int[]> alts = new ArrayList<>();
    int depth = 0;
    int s = open + 1;
    for (int j = open + 1; j < close; j++) {
      char c = text.charAt(j);
      if (quoted.get(j)) {
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        alts.add(new int[] {s, j});
        s = j + 1;
      }
    }
    alts.add(new int[] {s, close});
    for (int[] alt : alts) {
      String t = text.substring(0, open) + text.substring(alt[0], alt[1]) + text.substring(close + 1);
      BitSet q = new BitSet();
      copyBits(quoted, 0, open, q, 0);
      copyBits(quoted, alt[0], alt[1], q, open);
      copyBits(quoted, close + 1, text.length(), q, open + alt[1] - alt[0]);
      braces(t, q, w, out, base, level + 1);
    }
  }

  /** The first unquoted {@code {...}} with a top-level comma, found in one pass; null if none. */
  private static int[] firstBraceList(String text, BitSet quoted) {
    Deque<int[]> stack = new ArrayDeque<>(); // {openIndex, commaCount}
    int[] best = null;
    for (int i = 0; i < text.length(); i++) {
      if (quoted.get(i)) {
        continue;
      }
      char c = text.charAt(i);
      if (c == '{' && !(i > 0 && text.charAt(i - 1) == '$')) {
        stack.push(new int[] {i, 0});
      } else if (c == ',' && !stack.isEmpty()) {
        stack.peek()[1]++;
      } else if (c == '}' && !stack.isEmpty()) {
        int[] top = stack.pop();
        if (top[1] > 0 && (best == null || top[0] < best[0])) {
          best = new int[] {top[0], i};
        }
      }
    }
    return best;
  }

  private static void copyBits(BitSet from, int start, int end, BitSet to, int at) {
    for (int i = from.nextSetBit(start); i >= 0 && i < end; i = from.nextSetBit(i + 1)) {
      to.set(at + i - start);
    }
  }

  /** Substitutes {@code $0..$9}, {@code $@}, {@code $*} of an {@code sh -c script a0 a1 ...} into the script text. */
  static String withPositional(String script, List<Arg> params) {
    if (script.indexOf('$') < 0) {
      return script;
    }
    Matcher m = POSITIONAL.matcher(script);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String k = m.group(1) != null ? m.group(1) : m.group(2);
      String v;
      if (k.equals("@") || k.equals("*")) {
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < params.size(); i++) {
          rest.add(shellValue(params.get(i).text()));
        }
        v = String.join(" ", rest);
      } else {
        int n = k.charAt(0) - '0';
        v = n < params.size() ? shellValue(params.get(n).text()) : "";
      }
      m.appendReplacement(b, Matcher.quoteReplacement(v));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static String shellValue(String v) {
    return SAFE_VALUE.matcher(v).matches() ? v : "'" + v.replace("'", "'\\''") + "'";
  }

  static boolean isAssignment(Arg a) {
    String t = a.text();
    int eq = t.indexOf('=');
    if (eq <= 0 || a.quoted().get(0)) {
      return false;
    }
    String name = t.charAt(eq - 1) == '+' ? t.substring(0, eq - 1) : t.substring(0, eq);
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '_' || Character.isLetterOrDigit(c))) {
        return false;
      }
    }
    return true;
  }

  /** The lower-cased base name of a command word ({@code /usr/bin/RM} is {@code rm}). */
  static String commandName(String word) {
    String w = word;
    int slash = Math.max(w.lastIndexOf('/'), w.lastIndexOf('\\'));
    if (slash >= 0) {
      w = w.substring(slash + 1);
    }
    w = w.toLowerCase(Locale.ROOT);
    return w.endsWith(".exe") && !w.startsWith("powershell") && !w.startsWith("pwsh") ? w.substring(0, w.length() - 4) : w;
  }

  static String joinTexts(List<Arg> args) {
    StringBuilder b = new StringBuilder();
    for (Arg a : args) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(a.text());
    }
    return b.toString();
  }

  static String joinQuoted(List<Arg> args) {
    StringBuilder b = new StringBuilder();
    for (Arg a : args) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append('\'').append(a.text().replace("'", "'\\''")).append('\'');
    }
    return b.toString();
  }

  /**
   * Concrete names a globbed word could expand to among well-known secret names: {@code
   * ~/.s*}{@code /id_*} becomes {@code ~/.ssh/id_rsa}. Segments that are pure wildcards ({@code *})
   * are left alone so {@code ls *} is not judged as reading every secret; as in bash, a segment not
   * starting with a dot does not match dot-files.
   */
  static List<String> globCandidates(String t, BitSet quoted, int offset) {
    List<String> partial = new ArrayList<>();
    partial.add("");
    int start = 0;
    boolean changed = false;
    while (start <= t.length()) {
      int slash = t.indexOf('/', start);
      int end = slash < 0 ? t.length() : slash;
      String seg = t.substring(start, end);
      List<String> names = new ArrayList<>();
      if (segmentHasGlob(t, quoted, offset, start, end) && hasLiteral(seg)) {
        Pattern p = segmentRegex(seg);
        for (String n : SENSITIVE_NAMES) {
          if ((n.startsWith(".") == seg.startsWith(".")) && p.matcher(n).matches()) {
            names.add(n);
          }
        }
      }
      if (names.isEmpty()) {
        names.add(seg);
      } else {
        changed = true;
      }
      List<String> next = new ArrayList<>();
      for (String prefix : partial) {
        for (String n : names) {
          if (next.size() < MAX_GLOB_CANDIDATES) {
            next.add(prefix + n + (slash < 0 ? "" : "/"));
          }
        }
      }
      partial = next;
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return changed ? partial : List.of();
  }

  private static boolean hasLiteral(String seg) {
    int depth = 0;
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && depth > 0) {
        depth--;
      } else if (depth == 0 && c != '*' && c != '?') {
        return true;
      }
    }
    return false;
  }

  private static boolean segmentHasGlob(String t, BitSet quoted, int offset, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if ((c == '*' || c == '?' || c == '[') && !quoted.get(i + offset)) {
        return true;
      }
    }
    return false;
  }

  private static Pattern segmentRegex(String seg) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[' && seg.indexOf(']', i + 1) > i + 1) {
        int close = seg.indexOf(']', i + 1);
        String body = seg.substring(i + 1, close);
        boolean negate = body.startsWith("!") || body.startsWith("^");
        re.append('[').append(negate ? "^" : "");
        for (char bc : (negate ? body.substring(1) : body).toCharArray()) {
          if (bc == '\\' || bc == '[' || bc == '&' || bc == '^') {
            re.append('\\');
          }
          re.append(bc);
        }
        re.append(']');
        i = close;
      } else {
        if ("\\.^$|+(){}[]".indexOf(c) >= 0) {
          re.append('\\');
        }
        re.append(c);
      }
    }
    try {
      return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    } catch (RuntimeException e) {
      return Pattern.compile("(?!)");
    }
  }

  /** True for {@code /}, {@code /*}, {@code ~}, {@code $HOME}, a top-level system directory, or {@code *} / {@code .} inside one. */
  static boolean rootish(Arg a, String cwd) {
    String t = a.text();
    if (t.isEmpty()) {
      return false;
    }
    Matcher home = HOME_PREFIX.matcher(t);
    if (home.lookingAt()) {
      t = "~" + t.substring(home.end());
    }
    if (!t.startsWith("~") && !PathNormalizer.isAbsolute(t)) {
      if (cwd == null) {
        return false;
      }
      t = cwd + "/" + t;
    }
    if (t.startsWith("~")) {
      int slash = t.indexOf('/');
      String n = PathNormalizer.normalize("/" + (slash < 0 ? "" : t.substring(slash)));
      return n.equals("/") || singleSegmentGlob(n);
    }
    if (!PathNormalizer.isAbsolute(t)) {
      return false;
    }
    String n = PathNormalizer.normalize(t);
    if (n.equals("/") || n.matches("[A-Z]:/(?i:windows|users)?") || singleSegmentGlob(n)) {
      return true;
    }
    int second = n.indexOf('/', 1);
    String first = (second < 0 ? n.substring(1) : n.substring(1, second)).toLowerCase(Locale.ROOT);
    boolean whole = second < 0 || n.substring(second).equals("/*");
    return whole && SYSTEM_DIRS.contains(first);
  }

  private static boolean singleSegmentGlob(String normalized) {
    return normalized.startsWith("/") && normalized.indexOf('/', 1) < 0 && (normalized.indexOf('*') > 0 || normalized.indexOf('?') > 0 || normalized.indexOf('[') > 0);
  }

  static List<Arg> operands(List<Arg> argv) {
    List<Arg> out = new ArrayList<>();
    boolean options = true;
    for (Arg a : argv.subList(1, argv.size())) {
      String t = a.text();
      if (options && t.equals("--")) {
        options = false;
      } else if (!(options && t.startsWith("-") && t.length() > 1)) {
        out.add(a);
      }
    }
    return out;
  }

  static boolean hasFlag(List<Arg> argv, char letter, String longForm) {
    for (Arg a : argv.subList(1, argv.size())) {
      String t = a.text();
      if (t.equals(longForm) || t.startsWith("-") && !t.startsWith("--") && t.indexOf(letter) > 0) {
        return true;
      }
    }
    return false;
  }

  static boolean containsText(List<Arg> argv, String text) {
    for (Arg a : argv) {
      if (a.text().equals(text)) {
        return true;
      }
    }
    return false;
  }
}
