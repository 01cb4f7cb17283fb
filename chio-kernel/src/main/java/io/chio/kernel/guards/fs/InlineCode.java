package io.chio.kernel.guards.fs;

import static io.chio.kernel.guards.fs.ShellWords.joinTexts;

import io.chio.kernel.guards.fs.ShellWords.Arg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inline code ({@code python -c}, {@code perl -e}, {@code node -e}, {@code php -r}, an awk
 * program, {@code pwsh -Command}), script file and stdin use of an interpreter invocation.
 */
record InlineCode(List<String> codes, String file, boolean readsStdin, boolean encoded) {
  private static final Pattern PYTHON = Pattern.compile("(python|pypy)[0-9.]*");
  private static final Pattern PERL = Pattern.compile("perl[0-9.]*");
  private static final Pattern PHP = Pattern.compile("php[0-9.]*");
  private static final Pattern LUA = Pattern.compile("lua(jit)?[0-9.]*");
  private static final Set<String> AWKS = Set.of("awk", "gawk", "mawk", "nawk");
  private static final Set<String> POWERSHELLS = Set.of("pwsh", "powershell", "pwsh.exe", "powershell.exe");
  private static final Set<String> OTHERS = Set.of("ruby", "node", "nodejs", "bun", "deno");

  /** True for the interpreters whose inline code is analysed (by lower-case command name). */
  static boolean isInterpreter(String name) {
    return PYTHON.matcher(name).matches() || PERL.matcher(name).matches() || PHP.matcher(name).matches() || LUA.matcher(name).matches()
        || AWKS.contains(name) || POWERSHELLS.contains(name) || OTHERS.contains(name);
  }

  static InlineCode parse(String name, List<Arg> argv) {
    return POWERSHELLS.contains(name) ? powershell(argv) : of(name, argv);
  }

  private static InlineCode of(String name, List<Arg> argv) {
    boolean python = PYTHON.matcher(name).matches();
    boolean awk = AWKS.contains(name);
    String inline = python ? "c" : PERL.matcher(name).matches() ? "eE" : PHP.matcher(name).matches() ? "r" : awk ? "" : "ep";
    String valued = python ? "WXm" : awk ? "Fvf" : "IrRMC";
    List<String> codes = new ArrayList<>(1);
    String file = null;
    boolean module = false;
    int j = 1;
    if (name.equals("deno") && argv.size() > 1) {
      if (argv.get(1).text().equals("eval")) {
        codes.add(joinTexts(argv.subList(2, argv.size())));
      }
      return new InlineCode(codes, null, false, false);
    }
    for (; j < argv.size(); j++) {
      String t = argv.get(j).text();
      if (t.equals("--") || t.equals("-")) {
        j += t.equals("--") ? 1 : 0;
        break;
      }
      if (t.startsWith("--")) {
        if (t.equals("--eval") || t.equals("--print")) {
          if (j + 1 < argv.size()) {
            codes.add(argv.get(++j).text());
          }
        } else if (t.startsWith("--eval=") || t.startsWith("--print=")) {
          codes.add(t.substring(t.indexOf('=') + 1));
        } else if (t.equals("--require") || t.equals("--import") || t.equals("--field-separator") || t.equals("--assign") || t.equals("--file")) {
          if (awk && t.equals("--file") && j + 1 < argv.size()) {
            file = argv.get(j + 1).text();
          }
          j++;
        }
        continue;
      }
      if (!t.startsWith("-") || t.length() < 2) {
        break;
      }
      for (int p = 1; p < t.length(); p++) {
        char ch = t.charAt(p);
        if (inline.indexOf(ch) >= 0 || valued.indexOf(ch) >= 0) {
          String rest = t.substring(p + 1);
          String value = !rest.isEmpty() ? rest : j + 1 < argv.size() ? argv.get(++j).text() : null;
          if (inline.indexOf(ch) >= 0 && value != null) {
            codes.add(value);
          } else if (awk && ch == 'f') {
            file = value;
          }
          module |= python && ch == 'm';
          break;
        }
      }
      if (module) {
        return new InlineCode(codes, null, false, false);
      }
    }
    if (j < argv.size() && !argv.get(j).text().equals("-") && codes.isEmpty() && file == null) {
      if (awk) {
        codes.add(argv.get(j).text());
      } else {
        file = argv.get(j).text();
      }
    }
    boolean stdin = codes.isEmpty() && file == null;
    return new InlineCode(codes, file, stdin, false);
  }

  private static InlineCode powershell(List<Arg> argv) {
    for (int j = 1; j < argv.size(); j++) {
      String lower = argv.get(j).text().toLowerCase(Locale.ROOT);
      if (lower.startsWith("-e") && lower.length() >= 2 && ("-encodedcommand".startsWith(lower) || lower.equals("-ec"))) {
        return new InlineCode(List.of(), null, false, true);
      }
      if (lower.equals("-c") || lower.startsWith("-com")) {
        return new InlineCode(List.of(joinTexts(argv.subList(Math.min(j + 1, argv.size()), argv.size()))), null, false, false);
      }
      if (lower.equals("-f") || lower.equals("-file")) {
        return new InlineCode(List.of(), j + 1 < argv.size() ? argv.get(j + 1).text() : null, false, false);
      }
      if (!lower.startsWith("-")) {
        return new InlineCode(List.of(joinTexts(argv.subList(j, argv.size()))), null, false, false);
      }
    }
    return new InlineCode(List.of(), null, true, false);
  }
}
