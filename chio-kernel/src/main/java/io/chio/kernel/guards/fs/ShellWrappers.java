package io.chio.kernel.guards.fs;

import static io.chio.kernel.guards.fs.ShellWords.commandName;
import static io.chio.kernel.guards.fs.ShellWords.isAssignment;
import static io.chio.kernel.guards.fs.ShellWords.joinQuoted;
import static io.chio.kernel.guards.fs.ShellWords.joinTexts;

import io.chio.kernel.guards.fs.ShellWords.Arg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands that run another command: {@code sudo}, {@code doas}, {@code env}, {@code nohup},
 * {@code timeout}, {@code nice}, {@code xargs}, {@code busybox}, ... are stripped to the command they
 * run; {@code env -S}, {@code su -c}, {@code runuser -c}, {@code script -c} and {@code watch} carry a
 * script string instead, which is returned for the analyzer to judge.
 */
final class ShellWrappers {
  /** Wrappers that run their operand as a command, with the options of each that take a value. */
  private static final Map<String, Set<String>> WRAPPERS = Map.ofEntries(
      Map.entry("sudo", Set.of("-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U", "-R", "--user", "--group", "--chdir", "--prompt", "--role",
          "--type", "--host", "--other-user", "--close-from", "--command-timeout", "--chroot")),
      Map.entry("doas", Set.of("-u", "-C")),
      Map.entry("pkexec", Set.of("--user")),
      Map.entry("time", Set.of("-f", "-o", "--format", "--output")),
      Map.entry("nice", Set.of("-n", "--adjustment")),
      Map.entry("ionice", Set.of("-c", "-n", "--class", "--classdata")),
      Map.entry("stdbuf", Set.of("-i", "-o", "-e", "--input", "--output", "--error")),
      Map.entry("exec", Set.of("-a")),
      Map.entry("timeout", Set.of("-s", "-k", "--signal", "--kill-after")),
      Map.entry("xargs", Set.of("-I", "-n", "-P", "-d", "-L", "-s", "-E", "-a", "--max-args", "--max-procs", "--delimiter", "--max-lines", "--arg-file",
          "--replace", "--eof", "--max-chars", "--process-slot-var")),
      Map.entry("caffeinate", Set.of("-t", "-w")),
      Map.entry("proxychains", Set.of("-f")),
      Map.entry("proxychains4", Set.of("-f")),
      Map.entry("chrt", Set.of()),
      Map.entry("taskset", Set.of()),
      Map.entry("nohup", Set.of()),
      Map.entry("setsid", Set.of()),
      Map.entry("command", Set.of()),
      Map.entry("builtin", Set.of()),
      Map.entry("unbuffer", Set.of()),
      Map.entry("chronic", Set.of()),
      Map.entry("torsocks", Set.of()),
      Map.entry("catchsegv", Set.of()),
      Map.entry("firejail", Set.of()),
      Map.entry("busybox", Set.of()));

  /**
   * The command a wrapper chain finally runs ({@code argv}, empty when it is a script or nothing),
   * the scripts the chain carries, and option values naming directories ({@code env -C dir}).
   */
  record Unwrapped(List<Arg> argv, List<String> scripts, List<Arg> paths) {}

  private ShellWrappers() {}

  static Unwrapped unwrap(List<Arg> argv) {
    List<String> scripts = new ArrayList<>(0);
    List<Arg> paths = new ArrayList<>(0);
    List<Arg> cur = argv;
    for (int guard = 0; guard < 64 && !cur.isEmpty(); guard++) {
      String name = commandName(cur.get(0).text());
      switch (name) {
        case "env" -> {
          int j = 1;
          while (j < cur.size()) {
            String t = cur.get(j).text();
            if (t.equals("-S") || t.equals("--split-string") || t.startsWith("--split-string=") || t.startsWith("-S")) {
              boolean attached = !t.equals("-S") && !t.equals("--split-string");
              String split = attached ? (t.startsWith("-S") ? t.substring(2) : t.substring(t.indexOf('=') + 1)) : j + 1 < cur.size() ? cur.get(j + 1).text() : "";
              int rest = Math.min(j + (attached ? 1 : 2), cur.size());
              scripts.add(split + " " + joinQuoted(cur.subList(rest, cur.size())));
              return new Unwrapped(List.of(), scripts, paths);
            }
            if (t.equals("-u") || t.equals("-C") || t.equals("--unset") || t.equals("--chdir") || t.equals("-P")) {
              if ((t.equals("-C") || t.equals("--chdir")) && j + 1 < cur.size()) {
                paths.add(cur.get(j + 1));
              }
              j += 2;
            } else if (t.startsWith("-") || isAssignment(cur.get(j))) {
              j++;
            } else {
              break;
            }
          }
          cur = cur.subList(Math.min(j, cur.size()), cur.size());
        }
        case "timeout" -> {
          int j = skipOptions(cur, WRAPPERS.get(name));
          cur = cur.subList(Math.min(j + 1, cur.size()), cur.size());
        }
        case "su", "runuser", "script" -> {
          int after = -1;
          for (int j = 1; j < cur.size() && after < 0; j++) {
            String t = cur.get(j).text();
            if (t.equals("-c") || t.equals("--command")) {
              if (j + 1 < cur.size()) {
                scripts.add(cur.get(j + 1).text());
              }
              return new Unwrapped(List.of(), scripts, paths);
            }
            if (t.startsWith("--command=")) {
              scripts.add(t.substring(10));
              return new Unwrapped(List.of(), scripts, paths);
            }
            if (t.equals("--")) {
              after = j + 1;
            }
          }
          if (after < 0) {
            return new Unwrapped(cur, scripts, paths); // an interactive login shell: nothing more to see
          }
          cur = cur.subList(after, cur.size());
        }
        case "watch" -> {
          int j = 1;
          while (j < cur.size() && cur.get(j).text().startsWith("-")) {
            String t = cur.get(j).text();
            j += (t.equals("-n") || t.equals("--interval") || t.equals("-q") || t.equals("--equexit")) ? 2 : 1;
          }
          if (j < cur.size()) {
            scripts.add(joinTexts(cur.subList(j, cur.size())));
          }
          return new Unwrapped(List.of(), scripts, paths);
        }
        default -> {
          Set<String> takesValue = WRAPPERS.get(name);
          if (takesValue == null) {
            return new Unwrapped(cur, scripts, paths);
          }
          int j = skipOptions(cur, takesValue);
          if (name.equals("chrt") || name.equals("taskset")) {
            j++; // priority / cpu mask operand
          }
          cur = cur.subList(Math.min(j, cur.size()), cur.size());
        }
      }
    }
    return new Unwrapped(cur, scripts, paths);
  }

  /** The command a wrapper chain runs, ignoring carried scripts (for classifying substituted commands). */
  static List<Arg> strip(List<Arg> argv) {
    return unwrap(argv).argv();
  }

  private static int skipOptions(List<Arg> argv, Set<String> takesValue) {
    int j = 1;
    while (j < argv.size()) {
      String t = argv.get(j).text();
      if (t.equals("--")) {
        return j + 1;
      }
      if (!t.startsWith("-") || t.length() < 2) {
        return j;
      }
      j += takesValue.contains(t) ? 2 : 1;
    }
    return j;
  }
}
