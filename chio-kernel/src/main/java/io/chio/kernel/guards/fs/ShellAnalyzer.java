package io.chio.kernel.guards.fs;

import static io.chio.kernel.guards.fs.ShellWords.commandName;
import static io.chio.kernel.guards.fs.ShellWords.containsText;
import static io.chio.kernel.guards.fs.ShellWords.hasFlag;
import static io.chio.kernel.guards.fs.ShellWords.isAssignment;
import static io.chio.kernel.guards.fs.ShellWords.joinQuoted;
import static io.chio.kernel.guards.fs.ShellWords.joinTexts;
import static io.chio.kernel.guards.fs.ShellWords.operands;
import static io.chio.kernel.guards.fs.ShellWords.rootish;

import io.chio.kernel.guards.fs.ShellSyntax.Command;
import io.chio.kernel.guards.fs.ShellSyntax.Pipeline;
import io.chio.kernel.guards.fs.ShellSyntax.Redirect;
import io.chio.kernel.guards.fs.ShellSyntax.Substitution;
import io.chio.kernel.guards.fs.ShellSyntax.Word;
import io.chio.kernel.guards.fs.ShellWords.Arg;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a shell command line: parses it ({@link ShellSyntax}), sees through wrappers ({@code
 * sudo}, {@code doas}, {@code env}, {@code nohup}, {@code timeout}, {@code nice}, {@code xargs},
 * ...), recurses into nested scripts ({@code sh -c}, {@code eval}, {@code su -c}, {@code alias},
 * {@code find -exec}, substitutions, here-documents or {@code echo} output fed to a shell, {@code
 * os.system("...")} inside {@code python -c}) up to {@link #MAX_DEPTH} levels, and applies the
 * dangerous-command rules to every simple command and pipeline. Every argument that could name a
 * file also goes through {@link ForbiddenPaths}. Immutable; per-call state lives in a {@code Run}.
 */
final class ShellAnalyzer {
  static final int MAX_DEPTH = 8;
  static final int MAX_CHARS = 1 << 20;
  static final int MAX_INLINE_CODE_CHARS = 1 << 16;
  private static final int MAX_COMMANDS = 4096;
  /** Path arguments resolved through the file system per call; later ones are judged lexically. */
  private static final int MAX_RESOLVED_PATHS = 64;

  /** Why a command is denied: a rule id (for receipts) and a short reason (for the agent). */
  record Finding(String rule, String reason) {}

  private static final class Denied extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Finding finding;

    Denied(String rule, String reason) {
      super(reason, null, false, false);
      this.finding = new Finding(rule, reason);
    }
  }

  private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "mksh", "pdksh", "ash", "fish", "csh", "tcsh", "yash", "rbash", "posh");
  private static final Set<String> DOWNLOADERS = Set.of(
      "curl", "wget", "fetch", "aria2c", "lwp-download", "lwp-request", "http", "https", "xh", "xhs", "httpie", "curlie", "invoke-webrequest", "iwr", "invoke-restmethod", "irm");
  private static final Set<String> NET_TOOLS = Set.of("nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "socat", "telnet", "cryptcat", "pwncat");
  private static final Set<String> NET_SINKS = Set.of("nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "socat", "telnet", "cryptcat", "curl", "wget", "ssh", "scp", "openssl", "ftp", "tftp", "sftp");
  /** Commands whose path arguments may be created or written (so a dangling link among them is followed). */
  private static final Set<String> WRITERS = Set.of("cp", "mv", "tee", "touch", "install", "ln", "rsync", "scp", "dd", "truncate", "sed", "chmod", "chown");
  private static final Set<String> MKFS = Set.of("mkfs", "mke2fs", "mkdosfs", "mkntfs", "newfs");
  private static final Pattern BLOCK_DEVICE = Pattern.compile(
      "/dev/(sd[a-z]+\\d*|hd[a-z]+\\d*|vd[a-z]+\\d*|xvd[a-z]+\\d*|nvme\\d+n\\d+(p\\d+)?|mmcblk\\d+(p\\d+)?|r?disk\\d+(s\\d+)?|dm-\\d+|md\\d+|mapper/.+|loop\\d+|sr\\d+|root)");
  private static final Pattern VAR_REF = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern ESCAPES = Pattern.compile("\\\\(x[0-9a-fA-F]{1,2}|[0-7]{3}|u[0-9a-fA-F]{4})");
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{[^}]*\\}|\\$[A-Za-z_][A-Za-z0-9_]*");

  private final ForbiddenPaths paths;
  private final List<Pattern> extraPatterns;

  ShellAnalyzer(ForbiddenPaths paths, List<Pattern> extraPatterns) {
    this.paths = paths;
    this.extraPatterns = List.copyOf(extraPatterns);
  }

  /**
   * Judges {@code command}; null when nothing dangerous was found.
   *
   * @param cwd the normalised working directory the call states, else null
   * @param bases the session's filesystem roots (relative paths are judged against them)
   */
  Finding analyze(String command, String cwd, List<String> bases) {
    Run run = new Run(ForbiddenPaths.absoluteBases(bases));
    try {
      script(run, command, cwd, 0);
      return null;
    } catch (Denied d) {
      return d.finding;
    }
  }

  /** Judges interpreter code (Python, JS, ...) on its own, as the code-execution guard does for shell-like checks. */
  Finding analyzeCode(String code, List<String> bases) {
    Run run = new Run(ForbiddenPaths.absoluteBases(bases));
    try {
      program(run, new State(null), code);
      return null;
    } catch (Denied d) {
      return d.finding;
    }
  }

  private static final class Run {
    final List<String> bases;
    final Set<String> taintedVars = new HashSet<>();
    final Set<String> taintedFiles = new HashSet<>();
    int commands;
    int resolvedPaths;

    Run(List<String> bases) {
      this.bases = bases;
    }
  }

  /** Per-script sequential state: the working directory as far as {@code cd} tells. */
  private static final class State {
    String cwd;

    State(String cwd) {
      this.cwd = cwd;
    }
  }

  /** What one pipeline stage produces or consumes. */
  private static final class Stage {
    String name = "";
    boolean download;
    boolean network;
    boolean decode;
    boolean obfuscate;
    boolean shellStdin;
    boolean interpreter;
    boolean shell;
    boolean netTool;
    boolean netSink;
    /** Literal text written to stdout (echo, printf, cat of a here-document), when known. */
    String emits;
  }

  // ---------------------------------------------------------------- scripts and pipelines

  private void script(Run run, String src, String cwd, int depth) throws Denied {
    if (depth > MAX_DEPTH) {
      throw new Denied("nesting", "command nesting is deeper than " + MAX_DEPTH + " levels");
    }
    if (src.length() > MAX_CHARS) {
      throw new Denied("too-long", "command is longer than " + MAX_CHARS + " characters");
    }
    if (ScriptHeuristics.forkBomb(src)) {
      throw new Denied("fork-bomb", "dangerous command: fork bomb");
    }
    extraPatterns(src);
    List<Pipeline> pipelines;
    try {
      pipelines = ShellSyntax.parse(src);
    } catch (ShellSyntax.ParseException e) {
      throw new Denied("unparseable", "command could not be parsed: " + e.getMessage());
    }
    State st = new State(cwd);
    for (Pipeline p : pipelines) {
      pipeline(run, st, p, depth);
    }
  }

  private void pipeline(Run run, State st, Pipeline p, int depth) throws Denied {
    List<Stage> stages = new ArrayList<>(p.commands().size());
    for (Command c : p.commands()) {
      if (++run.commands > MAX_COMMANDS) {
        throw new Denied("too-complex", "command has more than " + MAX_COMMANDS + " simple commands");
      }
      stages.add(command(run, st, c, depth));
    }
    boolean anyShell = false;
    boolean anyNetTool = false;
    for (int j = 0; j < stages.size(); j++) {
      Stage sink = stages.get(j);
      anyShell |= sink.shell;
      anyNetTool |= sink.netTool;
      if (j > 0 && sink.shellStdin && stages.get(j - 1).emits != null) {
        // echo "..." | sh runs the echoed text
        if (sink.interpreter) {
          inlineCode(run, st, stages.get(j - 1).emits, depth + 1);
        } else {
          script(run, stages.get(j - 1).emits, st.cwd, depth + 1);
        }
      }
      for (int i = 0; i < j; i++) {
        Stage src = stages.get(i);
        if (sink.shellStdin && (src.download || src.network)) {
          throw new Denied("pipe-to-shell", "dangerous command: output of " + Evidence.quote(src.name) + " piped into " + Evidence.quote(sink.name));
        }
        if (sink.shellStdin && (src.decode || src.obfuscate)) {
          throw new Denied("decode-to-shell", "dangerous command: decoded content from " + Evidence.quote(src.name) + " piped into " + Evidence.quote(sink.name));
        }
        if (sink.netSink && src.decode) {
          throw new Denied("decode-to-network", "dangerous command: decoded content from " + Evidence.quote(src.name) + " piped into network tool " + Evidence.quote(sink.name));
        }
      }
    }
    if (stages.size() > 1 && anyShell && anyNetTool) {
      throw new Denied("reverse-shell", "dangerous command: reverse shell (shell piped through a network tool)");
    }
  }

  // ---------------------------------------------------------------- one simple command

  private Stage command(Run run, State st, Command c, int depth) throws Denied {
    Stage stage = new Stage();
    for (Word w : c.words()) {
      for (Substitution sub : w.substitutions()) {
        script(run, sub.script(), st.cwd, depth + 1);
      }
    }
    List<Arg> args;
    try {
      args = ShellWords.expand(c.words());
    } catch (ShellWords.TooComplex e) {
      throw new Denied("too-complex", "command is too complex to analyse: " + e.getMessage());
    }
    String stdinBody = null;
    String stdinUntrusted = null;
    boolean stdoutToFile = false;
    String stdoutTarget = null;
    for (Redirect r : c.redirects()) {
      Word t = r.target;
      for (Substitution sub : t.substitutions()) {
        script(run, sub.script(), st.cwd, depth + 1);
      }
      String target = t.text();
      if (target.contains("/dev/tcp/") || target.contains("/dev/udp/")) {
        throw new Denied("reverse-shell", "dangerous command: reverse shell (/dev/tcp redirection)");
      }
      if (r.op.startsWith("<<")) {
        stdinBody = r.body;
        continue;
      }
      if (r.op.equals("<") && !t.substitutions().isEmpty()) {
        stdinUntrusted = sourcesUntrusted(run, new Arg(target, t.quoted(), t.substitutions(), t.dynamic()), depth);
      }
      boolean fdDup = (r.op.equals(">&") || r.op.equals("<&")) && (target.equals("-") || target.chars().allMatch(Character::isDigit));
      if (fdDup) {
        continue;
      }
      boolean output = r.op.contains(">");
      if (output && BLOCK_DEVICE.matcher(PathNormalizer.normalize(target)).matches()) {
        throw new Denied("raw-disk-write", "dangerous command: raw write to block device " + Evidence.quote(target));
      }
      if (output && !r.op.equals("<>") && !r.op.equals(">&")) {
        stdoutToFile = true;
        stdoutTarget = target;
      }
      checkPathArg(run, st, new Arg(target, t.quoted(), t.substitutions(), t.dynamic()), output);
    }

    int k = 0;
    while (k < args.size() && isAssignment(args.get(k))) {
      assignment(run, st, args.get(k), depth);
      k++;
    }
    if (k == args.size()) {
      return stage;
    }
    List<Arg> original = args.subList(k, args.size());
    extraPatterns(joinTexts(original));
    ShellWrappers.Unwrapped unwrapped = ShellWrappers.unwrap(original);
    for (Arg p : unwrapped.paths()) {
      checkPathArg(run, st, p, false);
    }
    for (String carried : unwrapped.scripts()) {
      script(run, carried, st.cwd, depth + 1);
    }
    List<Arg> argv = unwrapped.argv();
    if (argv.isEmpty()) {
      return stage;
    }
    if (argv != original) {
      extraPatterns(joinTexts(argv));
    }
    String name = commandName(argv.get(0).text());
    stage.name = name;

    Arg head = argv.get(0);
    if (head.dynamic()) {
      if (sourcesUntrusted(run, head, depth) != null) {
        throw new Denied("pipe-to-shell", "dangerous command: runs downloaded or decoded content as a command");
      }
      // An unknown command name could be rm: judge its arguments as rm's.
      removal(st, argv, "command " + Evidence.quote(head.text()));
    }
    if (head.text().indexOf('/') >= 0 && run.taintedFiles.contains(PathNormalizer.normalize(head.text()))) {
      throw new Denied("download-exec", "dangerous command: executes downloaded file " + Evidence.quote(head.text()));
    }

    rules(run, st, stage, name, argv, depth, stdinBody);
    if (stage.shellStdin && stdinUntrusted != null) {
      throw new Denied(stdinUntrusted.equals("decode") ? "decode-to-shell" : "pipe-to-shell",
          "dangerous command: " + Evidence.quote(name) + " reads a script from a download or decoder");
    }
    boolean writer = WRITERS.contains(name);
    for (int j = 1; j < argv.size(); j++) {
      checkPathArg(run, st, argv.get(j), writer);
    }

    if (DOWNLOADERS.contains(name)) {
      stage.download = !stdoutToFile && !Downloads.writesToFile(name, argv);
      Downloads.record(run.taintedFiles, name, argv);
      if (stdoutToFile) {
        run.taintedFiles.add(PathNormalizer.normalize(stdoutTarget));
      }
    }
    if (NET_TOOLS.contains(name) || name.equals("openssl") && containsText(argv, "s_client")) {
      stage.network = true;
      stage.netTool = true;
    }
    stage.netSink = NET_SINKS.contains(name);
    for (Arg a : argv.subList(1, argv.size())) {
      stage.download |= referencesTainted(run, a.text());
    }
    if (!stdoutToFile) {
      stage.emits = emits(name, argv, stdinBody);
    }
    updateCwd(st, name, argv);
    return stage;
  }

  private void rules(Run run, State st, Stage stage, String name, List<Arg> argv, int depth, String stdinBody) throws Denied {
    if (SHELLS.contains(name)) {
      shellInvocation(run, st, stage, name, argv, depth, stdinBody);
      return;
    }
    if (InlineCode.isInterpreter(name)) {
      interpreter(run, st, stage, name, argv, depth, stdinBody);
      return;
    }
    switch (name) {
      case "eval" -> {
        executorSources(run, argv, depth);
        script(run, joinTexts(argv.subList(1, argv.size())), st.cwd, depth + 1);
      }
      case "alias" -> {
        for (Arg a : argv.subList(1, argv.size())) {
          int eq = a.text().indexOf('=');
          if (eq > 0) {
            script(run, a.text().substring(eq + 1), st.cwd, depth + 1);
          }
        }
      }
      case "source", "." -> {
        executorSources(run, argv, depth);
        if (argv.size() > 1 && run.taintedFiles.contains(PathNormalizer.normalize(argv.get(1).text()))) {
          throw new Denied("download-exec", "dangerous command: sources downloaded file " + Evidence.quote(argv.get(1).text()));
        }
      }
      case "rm" -> removal(st, argv, "rm");
      case "mv" -> {
        List<Arg> operands = operands(argv);
        for (int i = 0; i + 1 < operands.size(); i++) {
          if (rootish(operands.get(i), st.cwd)) {
            throw new Denied("recursive-delete", "dangerous command: moves away " + Evidence.quote(operands.get(i).text()));
          }
        }
      }
      case "chmod", "chown", "chgrp" -> {
        if (hasFlag(argv, 'R', "--recursive")) {
          for (Arg a : operands(argv)) {
            if (rootish(a, st.cwd)) {
              throw new Denied("recursive-permission", "dangerous command: recursive " + name + " of " + Evidence.quote(a.text()));
            }
          }
        }
      }
      case "find" -> find(run, st, argv, depth);
      case "dd" -> {
        for (Arg a : argv) {
          String t = a.text();
          if (t.startsWith("of=") && BLOCK_DEVICE.matcher(PathNormalizer.normalize(t.substring(3))).matches()) {
            throw new Denied("raw-disk-write", "dangerous command: dd writes to block device " + Evidence.quote(t.substring(3)));
          }
        }
      }
      case "shred", "wipefs", "mkswap", "blkdiscard" -> {
        for (Arg a : operands(argv)) {
          if (BLOCK_DEVICE.matcher(PathNormalizer.normalize(a.text())).matches()) {
            throw new Denied("raw-disk-write", "dangerous command: " + name + " destroys block device " + Evidence.quote(a.text()));
          }
        }
      }
      case "nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "cryptcat" -> {
        for (Arg a : argv.subList(1, argv.size())) {
          String t = a.text();
          boolean execLong = t.equals("--exec") || t.startsWith("--exec=") || t.equals("--sh-exec") || t.startsWith("--sh-exec=") || t.startsWith("--lua-exec");
          boolean execShort = t.startsWith("-") && !t.startsWith("--") && (t.indexOf('e') > 0 || t.indexOf('c') > 0);
          if (execLong || execShort) {
            throw new Denied("reverse-shell", "dangerous command: reverse shell (" + name + " " + t + ")");
          }
        }
      }
      case "socat" -> {
        for (Arg a : argv.subList(1, argv.size())) {
          String t = a.text().toLowerCase(Locale.ROOT);
          if (t.startsWith("exec:") || t.startsWith("system:") || t.contains(",exec:") || t.contains("!!exec:")) {
            throw new Denied("reverse-shell", "dangerous command: reverse shell (socat exec)");
          }
        }
      }
      default -> {
        if (MKFS.contains(name) || name.startsWith("mkfs.")) {
          throw new Denied("disk-format", "dangerous command: " + Evidence.quote(name) + " formats a filesystem");
        }
      }
    }
    classifyDecoder(stage, name, argv);
  }

  // ---------------------------------------------------------------- shells and interpreters

  private void shellInvocation(Run run, State st, Stage stage, String name, List<Arg> argv, int depth, String stdinBody) throws Denied {
    stage.shell = true;
    boolean cFlag = false;
    boolean sFlag = false;
    int j = 1;
    for (; j < argv.size(); j++) {
      String t = argv.get(j).text();
      if (t.equals("--")) {
        j++;
        break;
      }
      if (t.equals("-")) {
        sFlag = true;
        j++;
        break;
      }
      if (!(t.startsWith("-") || t.startsWith("+")) || t.length() < 2) {
        break;
      }
      if (t.startsWith("--")) {
        if (t.equals("--rcfile") || t.equals("--init-file")) {
          j++;
        }
        continue;
      }
      if (t.equals("-o") || t.equals("+o") || t.equals("-O") || t.equals("+O")) {
        j++;
        continue;
      }
      cFlag |= t.indexOf('c') > 0;
      sFlag |= t.indexOf('s') > 0;
    }
    executorSources(run, argv, depth);
    if (cFlag) {
      if (j < argv.size()) {
        script(run, ShellWords.withPositional(argv.get(j).text(), argv.subList(j + 1, argv.size())), st.cwd, depth + 1);
      }
      return;
    }
    if (j < argv.size() && !sFlag) {
      String file = argv.get(j).text();
      if (run.taintedFiles.contains(PathNormalizer.normalize(file))) {
        throw new Denied("download-exec", "dangerous command: " + name + " runs downloaded file " + Evidence.quote(file));
      }
      return;
    }
    stage.shellStdin = true;
    if (stdinBody != null) {
      script(run, stdinBody, st.cwd, depth + 1);
    }
  }

  private void interpreter(Run run, State st, Stage stage, String name, List<Arg> argv, int depth, String stdinBody) throws Denied {
    stage.shell = true;
    stage.interpreter = true;
    InlineCode code = InlineCode.parse(name, argv);
    if (code.encoded()) {
      throw new Denied("decode-exec", "dangerous command: PowerShell encoded command");
    }
    executorSources(run, argv, depth);
    for (String c : code.codes()) {
      inlineCode(run, st, c, depth);
    }
    if (code.file() != null && run.taintedFiles.contains(PathNormalizer.normalize(code.file()))) {
      throw new Denied("download-exec", "dangerous command: " + name + " runs downloaded file " + Evidence.quote(code.file()));
    }
    if (code.readsStdin()) {
      stage.shellStdin = true;
      if (stdinBody != null) {
        inlineCode(run, st, stdinBody, depth);
      }
    }
  }

  /** Judges interpreter code given inline ({@code python -c}) or on stdin: one-liners, so socket plus exec anywhere is a reverse shell. */
  private void inlineCode(Run run, State st, String code, int depth) throws Denied {
    if (code.length() > MAX_INLINE_CODE_CHARS) {
      throw new Denied("too-long", "inline script is longer than " + MAX_INLINE_CODE_CHARS + " characters");
    }
    String rs = ScriptHeuristics.reverseShell(code);
    if (rs != null) {
      throw new Denied("reverse-shell", "dangerous command: reverse shell (" + rs + ")");
    }
    codeChecks(run, st, code, depth);
  }

  /** Judges a whole program (code-execution): a reverse shell needs the stronger multi-line evidence. */
  private void program(Run run, State st, String code) throws Denied {
    if (ScriptHeuristics.strongReverseShell(code) || ScriptHeuristics.reverseShell(code) != null && code.indexOf('\n') < 0) {
      throw new Denied("reverse-shell", "dangerous command: reverse shell (socket connected to a command interpreter)");
    }
    codeChecks(run, st, code, 0);
  }

  private void codeChecks(Run run, State st, String code, int depth) throws Denied {
    if (ScriptHeuristics.decodeAndExec(code)) {
      throw new Denied("decode-exec", "dangerous command: decodes and executes encoded content");
    }
    if (ScriptHeuristics.downloadAndInvoke(code)) {
      throw new Denied("pipe-to-shell", "dangerous command: downloads and invokes a script");
    }
    if (ScriptHeuristics.forkBomb(code)) {
      throw new Denied("fork-bomb", "dangerous command: fork bomb");
    }
    for (String cmd : ScriptHeuristics.embeddedShellCommands(code)) {
      try {
        ShellSyntax.parse(cmd);
      } catch (ShellSyntax.ParseException e) {
        continue; // e.g. Python passed to exec(): not a shell command, nothing to judge here
      }
      script(run, cmd, st.cwd, depth + 1);
    }
    for (String lit : ScriptHeuristics.pathLiterals(code)) {
      checkPath(run, st, lit, lit, true);
    }
  }

  /** An executor (shell, eval, source, interpreter) fed from a download/decoder substitution or tainted variable. */
  private void executorSources(Run run, List<Arg> argv, int depth) throws Denied {
    for (int i = 1; i < argv.size(); i++) {
      String why = sourcesUntrusted(run, argv.get(i), depth);
      if (why != null) {
        boolean decode = why.equals("decode");
        throw new Denied(decode ? "decode-to-shell" : "pipe-to-shell",
            "dangerous command: " + Evidence.quote(commandName(argv.get(0).text())) + " executes " + (decode ? "decoded" : "downloaded") + " content");
      }
    }
  }

  /** "download", "decode" or null: what the substitutions / variables in {@code a} carry. */
  private String sourcesUntrusted(Run run, Arg a, int depth) {
    if (referencesTainted(run, a.text())) {
      return "download";
    }
    for (String sub : a.scripts()) {
      String k = sourceKind(sub, depth + 1);
      if (k != null) {
        return k;
      }
    }
    return null;
  }

  /** Whether a substituted script's output comes from the network or a decoder. */
  private String sourceKind(String sub, int depth) {
    if (depth > MAX_DEPTH) {
      return "download";
    }
    List<Pipeline> ps;
    try {
      ps = ShellSyntax.parse(sub);
    } catch (ShellSyntax.ParseException e) {
      return null;
    }
    for (Pipeline p : ps) {
      for (Command c : p.commands()) {
        List<Arg> args;
        try {
          args = ShellWords.expand(c.words());
        } catch (ShellWords.TooComplex e) {
          return "download";
        }
        int k = 0;
        while (k < args.size() && isAssignment(args.get(k))) {
          k++;
        }
        List<Arg> argv = ShellWrappers.strip(args.subList(k, args.size()));
        if (argv.isEmpty()) {
          continue;
        }
        String name = commandName(argv.get(0).text());
        if (DOWNLOADERS.contains(name) || NET_TOOLS.contains(name)) {
          return "download";
        }
        Stage s = new Stage();
        classifyDecoder(s, name, argv);
        if (s.decode || s.obfuscate) {
          return "decode";
        }
        for (Arg a : args) {
          for (String inner : a.scripts()) {
            String k2 = sourceKind(inner, depth + 1);
            if (k2 != null) {
              return k2;
            }
          }
        }
      }
    }
    return null;
  }

  private static void classifyDecoder(Stage stage, String name, List<Arg> argv) {
    switch (name) {
      case "base64", "base32", "basenc", "gbase64" -> stage.decode = hasFlag(argv, 'd', "--decode") || hasFlag(argv, 'D', "--decode");
      case "openssl" -> stage.decode = containsText(argv, "-d") && (containsText(argv, "base64") || containsText(argv, "enc") || containsText(argv, "-a"));
      case "xxd" -> stage.decode = hasFlag(argv, 'r', "--revert");
      case "uudecode" -> stage.decode = true;
      case "rev", "tr" -> stage.obfuscate = true;
      case "printf", "echo" -> {
        for (Arg a : argv.subList(1, argv.size())) {
          stage.obfuscate |= ESCAPES.matcher(a.text()).find();
        }
      }
      default -> {
        // not a decoder
      }
    }
  }

  /** Literal stdout of echo/printf of static words, or of cat reading a here-document. */
  private static String emits(String name, List<Arg> argv, String stdinBody) {
    for (Arg a : argv) {
      if (a.dynamic()) {
        return null;
      }
    }
    if (name.equals("echo") || name.equals("printf")) {
      return ShellWords.constantOutput(joinQuoted(argv));
    }
    if (name.equals("cat") && argv.size() == 1) {
      return stdinBody;
    }
    return null;
  }

  // ---------------------------------------------------------------- destructive commands

  private void removal(State st, List<Arg> argv, String what) throws Denied {
    boolean recursive = false;
    boolean options = true;
    List<Arg> targets = new ArrayList<>();
    for (Arg a : argv.subList(1, argv.size())) {
      String t = a.text();
      if (options && t.equals("--")) {
        options = false;
      } else if (options && t.startsWith("--")) {
        if (t.equals("--no-preserve-root")) {
          throw new Denied("recursive-delete", "dangerous command: " + what + " --no-preserve-root");
        }
        recursive |= t.equals("--recursive");
      } else if (options && t.startsWith("-") && t.length() > 1) {
        recursive |= t.indexOf('r') > 0 || t.indexOf('R') > 0;
      } else {
        targets.add(a);
      }
    }
    if (!recursive) {
      return;
    }
    for (Arg a : targets) {
      if (rootish(a, st.cwd)) {
        throw new Denied("recursive-delete", "dangerous command: recursive " + what + " of " + Evidence.quote(a.text()));
      }
    }
  }

  private void find(Run run, State st, List<Arg> argv, int depth) throws Denied {
    List<Arg> starts = new ArrayList<>();
    int j = 1;
    while (j < argv.size()) {
      String t = argv.get(j).text();
      if (t.startsWith("-") || t.equals("(") || t.equals("!")) {
        break;
      }
      starts.add(argv.get(j));
      j++;
    }
    boolean rootStart = starts.isEmpty() && rootish(Arg.literal("."), st.cwd);
    for (Arg s : starts) {
      rootStart |= rootish(s, st.cwd);
    }
    for (; j < argv.size(); j++) {
      String t = argv.get(j).text();
      if (t.equals("-delete") && rootStart) {
        throw new Denied("recursive-delete", "dangerous command: find -delete from a system root");
      }
      if (t.equals("-exec") || t.equals("-execdir") || t.equals("-ok") || t.equals("-okdir")) {
        int end = j + 1;
        while (end < argv.size() && !argv.get(end).text().equals(";") && !argv.get(end).text().equals("+")) {
          end++;
        }
        List<Arg> sub = argv.subList(j + 1, end);
        if (!sub.isEmpty()) {
          String subName = commandName(sub.get(0).text());
          if (rootStart && (subName.equals("rm") || subName.equals("shred"))) {
            throw new Denied("recursive-delete", "dangerous command: find -exec " + subName + " from a system root");
          }
          script(run, joinQuoted(sub), st.cwd, depth + 1);
        }
        j = end;
      }
    }
  }

  // ---------------------------------------------------------------- paths

  private void checkPathArg(Run run, State st, Arg a, boolean write) throws Denied {
    String t = a.text();
    // A word longer than PATH_MAX cannot be opened as a file.
    if (t.isEmpty() || t.length() > ForbiddenPaths.MAX_PATH_CHARS || t.contains("://")) {
      return;
    }
    if (t.startsWith("-")) {
      int eq = t.indexOf('=');
      if (eq < 0) {
        return;
      }
      t = t.substring(eq + 1);
    }
    int offset = a.text().length() - t.length();
    List<String> candidates = new ArrayList<>(4);
    candidates.add(t);
    if (t.startsWith("@")) {
      candidates.add(t.substring(1));
    }
    int eq = t.indexOf('=');
    if (eq > 0) {
      String v = t.substring(eq + 1);
      candidates.add(v.startsWith("@") ? v.substring(1) : v);
    }
    if (t.indexOf(':') > 0) {
      // host:path (scp, rsync), src:dst:mode (docker -v), PATH-style lists
      String[] parts = t.split(":", 8);
      for (String part : parts) {
        if (!part.isEmpty() && !part.equals(t)) {
          candidates.add(part);
        }
      }
    }
    if (a.dynamic()) {
      candidates.add(VARIABLES.matcher(t).replaceAll(""));
    }
    if (a.hasGlob()) {
      candidates.addAll(ShellWords.globCandidates(t, a.quoted(), offset));
    }
    for (String c : candidates) {
      checkPath(run, st, c, a.text(), write);
    }
  }

  private void checkPath(Run run, State st, String candidate, String shown, boolean write) throws Denied {
    if (candidate.isEmpty()) {
      return;
    }
    String eff = candidate;
    List<String> bases = run.bases;
    if (st.cwd != null && !PathNormalizer.isAbsolute(candidate) && !candidate.startsWith("~") && !candidate.startsWith("$")) {
      eff = st.cwd + "/" + candidate;
      if (PathNormalizer.isAbsolute(st.cwd)) {
        bases = List.of();
      }
    }
    ForbiddenPaths.Resolution resolution = ForbiddenPaths.Resolution.NONE;
    if (run.resolvedPaths < MAX_RESOLVED_PATHS) {
      run.resolvedPaths++;
      resolution = write ? ForbiddenPaths.Resolution.WRITE : ForbiddenPaths.Resolution.READ;
    }
    Optional<ForbiddenPaths.Match> m = paths.match(eff, bases, resolution);
    if (m.isPresent()) {
      throw new Denied("forbidden-path", "command names a forbidden path " + Evidence.quote(shown) + ": " + m.get().reason());
    }
  }

  // ---------------------------------------------------------------- state

  private void assignment(Run run, State st, Arg a, int depth) throws Denied {
    String t = a.text();
    int eq = t.indexOf('=');
    String var = t.charAt(eq - 1) == '+' ? t.substring(0, eq - 1) : t.substring(0, eq);
    if (sourcesUntrusted(run, a, depth) != null) {
      run.taintedVars.add(var);
    }
    checkPathArg(run, st, a, false);
  }

  private static void updateCwd(State st, String name, List<Arg> argv) {
    if (!name.equals("cd") && !name.equals("pushd")) {
      return;
    }
    List<Arg> ops = operands(argv);
    if (ops.isEmpty()) {
      st.cwd = "~";
      return;
    }
    String d = ops.get(0).text();
    if (d.startsWith("${HOME}")) {
      d = "~" + d.substring(7);
    } else if (d.startsWith("$HOME")) {
      d = "~" + d.substring(5);
    }
    if (d.equals("-") || ops.get(0).dynamic() && !d.startsWith("~")) {
      st.cwd = null;
    } else if (PathNormalizer.isAbsolute(d) || d.startsWith("~")) {
      st.cwd = PathNormalizer.normalize(d);
    } else {
      st.cwd = st.cwd == null ? null : PathNormalizer.normalize(st.cwd + "/" + d);
    }
  }

  private static boolean referencesTainted(Run run, String text) {
    if (run.taintedVars.isEmpty() || text.indexOf('$') < 0) {
      return false;
    }
    Matcher m = VAR_REF.matcher(text);
    while (m.find()) {
      if (run.taintedVars.contains(m.group(1))) {
        return true;
      }
    }
    return false;
  }

  private void extraPatterns(String text) throws Denied {
    for (Pattern p : extraPatterns) {
      if (p.matcher(text).find()) {
        throw new Denied("forbidden-pattern", "command matches forbidden pattern " + Evidence.quote(p.pattern()));
      }
    }
  }
}
