package io.chio.kernel.guards.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detectors for hostile snippets of interpreter code (Python, Perl, Ruby, PHP, Node, PowerShell,
 * awk): reverse shells, decode-and-execute, fork bombs, and the shell command strings handed to
 * {@code os.system} / {@code subprocess} / {@code system()} so the shell analyzer can judge them.
 * Used on inline scripts ({@code python -c}), on added patch lines and on code-execution bodies.
 * All regexes are compiled once.
 */
final class ScriptHeuristics {
  private static final KeywordPattern DEV_TCP = KeywordPattern.of("/dev/(tcp|udp)/", "/dev/");
  private static final KeywordPattern GAWK_INET = KeywordPattern.of("/inet\\d?/(tcp|udp)/", "/inet");
  private static final KeywordPattern SOCKET = kw(new String[] {"sock", "net", "tcpclient", "create_connection"},
      "(?i)(\\bsocket\\s*\\.\\s*socket\\b|\\bsocket\\s*\\(|\\bfsockopen\\b|\\bstream_socket_client\\b|\\bTCPSocket\\b|IO::Socket|\\buse\\s+Socket\\b"
          + "|\\bnet\\s*\\.\\s*(Socket|connect|createConnection)\\b|\\bnew\\s+(java\\.net\\.)?Socket\\s*\\(|Net\\.Sockets\\.TCPClient|\\bsocket\\.create_connection\\b)");
  private static final Pattern EXEC = Pattern.compile(
      "(?i)(\\bdup2\\b|\\bpty\\s*\\.\\s*spawn\\b|\\bsubprocess\\b|\\bchild_process\\b|/bin/(ba|z|da|k|c|tc)?sh\\b|\\bcmd\\.exe\\b|\\bpowershell\\b"
          + "|\\bexec\\s*[(\\s\"'{]|\\bpopen\\b|\\bspawn\\s*\\(|\\bsystem\\s*\\(|\\bproc_open\\b|\\bshell_exec\\b|\\bpassthru\\b|\\bos\\s*\\.\\s*exec\\w*)");
  /** Identifiers such as reverse_shell / bindShell (not prose: a README may discuss reverse shells). */
  private static final KeywordPattern LABELLED = KeywordPattern.of("(?i)\\b(reverse|bind)[_-]?shell\\b", "shell");
  private static final Pattern STRONG_EXEC = Pattern.compile("(?i)(\\bdup2\\b|\\bpty\\s*\\.\\s*spawn\\b|/bin/(ba|z|da|k)?sh\\s+-i\\b)");
  private static final KeywordPattern DECODE = kw(new String[] {"64", "atob", "decode", "unpack"},
      "(?i)(\\bb64decode\\b|\\bbase64_decode\\b|\\bdecodebytes\\b|\\batob\\s*\\(|Buffer\\s*\\.\\s*from\\s*\\([^)]{0,200}['\"]base64['\"]|\\bFromBase64String\\b"
          + "|\\bbase64\\s+(-[a-zA-Z]*d|--decode|-D)\\b|\\bunpack\\s*\\(\\s*['\"]m|\\bdecode\\s*\\(\\s*['\"]base64['\"]|\\bcodecs\\s*\\.\\s*decode\\b)");
  private static final Pattern RUN = Pattern.compile(
      "(?i)(\\bexec\\s*\\(|\\beval\\s*\\(|\\bsystem\\s*\\(|\\bpopen\\b|\\bFunction\\s*\\(|\\bInvoke-Expression\\b|\\biex\\b|\\|\\s*(ba|z|da|k)?sh\\b"
          + "|\\bsubprocess\\b|\\bchild_process\\b|\\bos\\s*\\.\\s*system\\b|\\bcompile\\s*\\(|\\bmarshal\\s*\\.\\s*loads\\b|\\bpickle\\s*\\.\\s*loads\\b)");
  private static final KeywordPattern PS_DOWNLOAD_EXEC = kw(new String[] {"iex", "invoke-expression"},
      "(?i)(\\bDownloadString\\b|\\bDownloadFile\\b|\\bInvoke-WebRequest\\b|\\biwr\\b|\\bInvoke-RestMethod\\b|\\birm\\b|Net\\.WebClient)[\\s\\S]{0,2000}\\b(iex|Invoke-Expression)\\b"
          + "|\\b(iex|Invoke-Expression)\\b[\\s\\S]{0,2000}(\\bDownloadString\\b|\\bInvoke-WebRequest\\b|\\biwr\\b|\\birm\\b|\\bInvoke-RestMethod\\b|Net\\.WebClient)");
  private static final KeywordPattern FORK_BOMB = kw(new String[] {"|", "fork"},
      "(?<![\\w:.])([\\w:.]++)\\s*\\(\\s*\\)\\s*\\{[^}]{0,200}?\\1\\s*\\|\\s*\\1\\s*&|\\bfunction\\s+([\\w:.]+)\\s*(\\(\\s*\\))?\\s*\\{[^}]{0,200}?\\2\\s*\\|\\s*\\2\\s*&"
          + "|\\bfork\\s+while\\s+fork\\b|\\bwhile\\s*\\(?\\s*(1|true|True)\\s*\\)?\\s*[:{;]?\\s*(do\\s+)?[^\\n]{0,40}\\bfork\\s*\\(\\s*\\)");
  private static final KeywordPattern SHELL_CALL = kw(new String[] {"system", "exec", "spawn", "popen", "subprocess", "passthru", "proc_open", "%x"},
      "(?:\\bos\\s*\\.\\s*(?:system|popen)|\\bsubprocess\\s*\\.\\s*\\w+|\\bsystem|\\bexec(?:Sync)?|\\bspawn(?:Sync)?|\\bpopen|\\bshell_exec|\\bpassthru|\\bproc_open|%x)"
          + "\\s*\\(\\s*(?:[rbuf]?)(['\"])((?:\\\\.|(?!\\1)[^\\\\]){0,4096})\\1");
  private static final KeywordPattern SHELL_CALL_LIST = kw(new String[] {"subprocess"}, "\\bsubprocess\\s*\\.\\s*\\w+\\s*\\(\\s*\\[([^\\]]{0,4096})\\]");
  private static final Pattern STRING_LITERAL = Pattern.compile("(['\"`])((?:\\\\.|(?!\\1)[^\\\\\\n])*)\\1");
  private static final int MAX_EMBEDDED = 32;

  private static KeywordPattern kw(String[] keywords, String regex) {
    return KeywordPattern.of(regex, keywords);
  }

  private ScriptHeuristics() {}

  /** A short description of a reverse/bind shell in {@code code}, or null. */
  static String reverseShell(String code) {
    String lower = code.toLowerCase(Locale.ROOT);
    if (DEV_TCP.find(code, lower)) {
      return "/dev/tcp redirection";
    }
    if (GAWK_INET.find(code, lower)) {
      return "gawk /inet socket";
    }
    if (LABELLED.find(code, lower)) {
      return "reverse/bind shell";
    }
    if (SOCKET.find(code, lower) && EXEC.matcher(code).find()) {
      return "socket connected to a command interpreter";
    }
    return null;
  }

  /**
   * A reverse shell spread over several lines of a larger text: a socket plus descriptor
   * duplication, a pty spawn or an interactive shell. Stricter than {@link #reverseShell} so that a
   * file using sockets and subprocesses for unrelated reasons is not flagged.
   */
  static boolean strongReverseShell(String text) {
    return SOCKET.find(text, text.toLowerCase(Locale.ROOT)) && STRONG_EXEC.matcher(text).find();
  }

  /** True when {@code code} decodes base64 (or similar) and executes the result. */
  static boolean decodeAndExec(String code) {
    return DECODE.find(code, code.toLowerCase(Locale.ROOT)) && RUN.matcher(code).find();
  }

  /** True for PowerShell download-and-invoke ({@code IEX (New-Object Net.WebClient).DownloadString(...)}). */
  static boolean downloadAndInvoke(String code) {
    return PS_DOWNLOAD_EXEC.find(code, code.toLowerCase(Locale.ROOT));
  }

  static boolean forkBomb(String code) {
    return FORK_BOMB.find(code, code.toLowerCase(Locale.ROOT));
  }

  /** Shell command strings passed to system()/os.system/subprocess/exec in {@code code}. */
  static List<String> embeddedShellCommands(String code) {
    List<String> out = new ArrayList<>(0);
    String lower = code.toLowerCase(Locale.ROOT);
    Matcher m = SHELL_CALL.matcher(code, lower);
    while (m != null && m.find() && out.size() < MAX_EMBEDDED) {
      out.add(unescape(m.group(2)));
    }
    Matcher l = SHELL_CALL_LIST.matcher(code, lower);
    while (l != null && l.find() && out.size() < MAX_EMBEDDED) {
      StringBuilder argv = new StringBuilder();
      Matcher s = STRING_LITERAL.matcher(l.group(1));
      while (s.find()) {
        argv.append('\'').append(unescape(s.group(2)).replace("'", "'\\''")).append("' ");
      }
      out.add(argv.toString());
    }
    return out;
  }

  /** String literals in {@code code} that look like file paths (contain a slash or start with ~ or .). */
  static List<String> pathLiterals(String code) {
    List<String> out = new ArrayList<>(0);
    Matcher m = STRING_LITERAL.matcher(code);
    while (m.find() && out.size() < MAX_EMBEDDED) {
      String lit = unescape(m.group(2));
      if (!lit.isEmpty() && lit.length() < 4096 && !lit.contains("://")
          && (lit.indexOf('/') >= 0 || lit.indexOf('\\') >= 0 || lit.startsWith("~") || lit.startsWith("."))) {
        out.add(lit);
      }
    }
    return out;
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
