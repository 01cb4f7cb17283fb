package io.chio.kernel.guards.fs;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static facts about a code body for the code-execution guard: the modules it imports (Python
 * {@code import}/{@code from}, JavaScript {@code require}/{@code import}), and whether it imports
 * dynamically, evaluates strings, reaches for interpreter internals or uses the network. The code is
 * NFKC-normalised first (Python folds identifiers that way, so {@code import ｏｓ} imports {@code os})
 * and line continuations are joined. Regex findings are only ever reasons to deny.
 */
final class CodeScanner {
  enum Language {
    PYTHON,
    JAVASCRIPT,
    OTHER
  }

  /** Anchored at an occurrence of "import" (found with indexOf, which is much cheaper than a scan). */
  private static final Pattern PY_IMPORT = Pattern.compile("import\\s+([A-Za-z_][\\w.]*(?:\\s+as\\s+\\w+)?(?:\\s*,\\s*[A-Za-z_][\\w.]*(?:\\s+as\\s+\\w+)?)*)");
  private static final Pattern PY_FROM = Pattern.compile("\\bfrom\\s+([A-Za-z_][\\w.]*)\\s+import\\b");
  private static final KeywordPattern PY_DYNAMIC_IMPORT = kw(new String[] {"__import__", "import_module", "importlib"}, "\\b__import__\\b|\\bimport_module\\s*\\(|\\bimportlib\\b");
  private static final KeywordPattern PY_EVAL = kw(new String[] {"eval", "exec", "compile"}, "(?<![\\w.])(?<!\\bdef\\s{1,8})(eval|exec|compile|execfile)\\s*\\(");
  private static final KeywordPattern PY_ESCAPE = kw(new String[] {"__", "modules", "globals"},
      "__builtins__|__builtin__|__subclasses__|__globals__|__loader__|\\bsys\\s*\\.\\s*modules\\b|\\bglobals\\s*\\(\\s*\\)\\s*\\[|\\bgetattr\\s*\\(\\s*__");
  private static final Pattern JS_REQUIRE = Pattern.compile("\\brequire\\s*\\(");
  private static final Pattern JS_DYNAMIC_IMPORT = Pattern.compile("\\bimport\\s*\\(");
  private static final Pattern JS_LITERAL_CALL = Pattern.compile("\\G\\s*(['\"`])([^'\"`$\\\\]{1,512})\\1\\s*\\)");
  private static final Pattern JS_STATIC_IMPORT = Pattern.compile("\\b(?:import|export)\\s+(?:[\\w*{}\\s,$]{1,512}?\\s+from\\s+)?(['\"])([^'\"\\n]{1,512})\\1");
  private static final KeywordPattern JS_EVAL = kw(new String[] {"eval", "function", "vm"}, "(?<![\\w.$])(eval|Function)\\s*\\(|\\bnew\\s+Function\\b|\\bvm\\s*\\.\\s*run\\w*");
  private static final KeywordPattern JS_ESCAPE = kw(new String[] {"process", "constructor", "deno", "bun"},
      "\\bprocess\\s*\\.\\s*(binding|_linkedBinding|dlopen|mainModule)\\b|\\bmodule\\s*\\.\\s*constructor\\b|\\bconstructor\\s*\\.\\s*constructor\\b"
          + "|\\bDeno\\s*\\.\\s*(run|Command)\\b|\\bBun\\s*\\.\\s*(spawn|spawnSync)\\b");
  private static final KeywordPattern JS_NETWORK_API = kw(new String[] {"fetch", "xmlhttprequest", "websocket", "eventsource", "sendbeacon", "deno"}, "\\bfetch\\s*\\(|\\bXMLHttpRequest\\b|\\bnew\\s+WebSocket\\b|\\bEventSource\\b|\\bnavigator\\s*\\.\\s*sendBeacon\\b|\\bDeno\\s*\\.\\s*connect\\w*\\b");
  private static final Pattern OTHER_REQUIRE = Pattern.compile("\\b(?:require|use|load|library)\\s*\\(?\\s*(['\"]?)([A-Za-z_][\\w:./-]*)\\1");

  /** Modules whose use means network access (checked when network access is off). */
  static final Set<String> NETWORK_MODULES = Set.of(
      "socket", "requests", "urllib", "urllib2", "urllib3", "http", "httpx", "aiohttp", "websockets", "websocket", "ftplib", "smtplib", "telnetlib",
      "poplib", "imaplib", "paramiko", "pycurl", "twisted", "asyncssh", "grpc", "xmlrpc",
      "net", "https", "http2", "dgram", "tls", "dns", "axios", "node-fetch", "undici", "ws", "got", "request", "superagent", "socket.io-client");

  private CodeScanner() {}

  private static KeywordPattern kw(String[] keywords, String regex) {
    return KeywordPattern.of(regex, keywords);
  }

  /** Facts about one code body. */
  record Facts(Set<String> modules, String dynamicImport, String dynamicEval, String escape, String networkApi) {}

  static String normalize(String code) {
    String c = Normalizer.isNormalized(code, Normalizer.Form.NFKC) ? code : Normalizer.normalize(code, Normalizer.Form.NFKC);
    return c.replace("\\\r\n", " ").replace("\\\n", " ");
  }

  static Facts scan(String normalizedCode, Language lang) {
    String lower = normalizedCode.toLowerCase(Locale.ROOT);
    boolean imports = lower.contains("import");
    Set<String> modules = new LinkedHashSet<>();
    String dynImport = null;
    String dynEval = null;
    String escape = null;
    String network = null;
    if (lang == Language.PYTHON || lang == Language.OTHER) {
      Matcher m = PY_IMPORT.matcher(normalizedCode);
      for (int at = normalizedCode.indexOf("import"); at >= 0; at = normalizedCode.indexOf("import", at + 6)) {
        if (at > 0 && isWordChar(normalizedCode.charAt(at - 1))) {
          continue;
        }
        m.region(at, normalizedCode.length());
        if (m.lookingAt()) {
          for (String part : m.group(1).split(",")) {
            modules.add(root(part.trim().split("\\s+")[0]));
          }
        }
      }
      m = PY_FROM.matcher(normalizedCode);
      while (imports && lower.contains("from") && m.find()) {
        modules.add(root(m.group(1)));
      }
      dynImport = first(PY_DYNAMIC_IMPORT, normalizedCode, lower);
      dynEval = first(PY_EVAL, normalizedCode, lower);
      escape = first(PY_ESCAPE, normalizedCode, lower);
    }
    if (lang == Language.JAVASCRIPT || lang == Language.OTHER) {
      String d = lower.contains("require") ? literalCalls(JS_REQUIRE, normalizedCode, modules) : null;
      String d2 = imports ? literalCalls(JS_DYNAMIC_IMPORT, normalizedCode, modules) : null;
      dynImport = dynImport != null ? dynImport : d != null ? d : d2;
      Matcher m = JS_STATIC_IMPORT.matcher(normalizedCode);
      while ((imports || lower.contains("export")) && m.find()) {
        modules.add(jsRoot(m.group(2)));
      }
      dynEval = dynEval != null ? dynEval : first(JS_EVAL, normalizedCode, lower);
      escape = escape != null ? escape : first(JS_ESCAPE, normalizedCode, lower);
      network = first(JS_NETWORK_API, normalizedCode, lower);
    }
    if (lang == Language.OTHER) {
      Matcher m = OTHER_REQUIRE.matcher(normalizedCode);
      while (m.find()) {
        modules.add(root(m.group(2).replace("::", ".")));
      }
    }
    return new Facts(modules, dynImport, dynEval, escape, network);
  }

  /** Adds literal {@code require('x')} / {@code import('x')} targets; returns the first non-literal call, else null. */
  private static String literalCalls(Pattern call, String code, Set<String> modules) {
    String dynamic = null;
    Matcher m = call.matcher(code);
    while (m.find()) {
      Matcher lit = JS_LITERAL_CALL.matcher(code);
      lit.region(m.end(), code.length());
      if (lit.lookingAt()) {
        modules.add(jsRoot(lit.group(2)));
      } else if (dynamic == null) {
        dynamic = m.group().replaceAll("\\s+", "");
      }
    }
    return dynamic;
  }

  private static boolean isWordChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static String first(KeywordPattern p, String code, String lower) {
    Matcher m = p.matcher(code, lower);
    return m != null && m.find() ? m.group().replaceAll("\\s+", "") : null;
  }

  private static String root(String dotted) {
    int dot = dotted.indexOf('.');
    return dot < 0 ? dotted : dotted.substring(0, dot);
  }

  /** {@code node:fs/promises} is {@code fs}; {@code @scope/pkg/sub} is {@code @scope/pkg}. */
  static String jsRoot(String spec) {
    String s = spec.startsWith("node:") ? spec.substring(5) : spec;
    if (s.startsWith("@")) {
      int first = s.indexOf('/');
      int second = first < 0 ? -1 : s.indexOf('/', first + 1);
      return second < 0 ? s : s.substring(0, second);
    }
    int slash = s.indexOf('/');
    return slash < 0 ? s : s.substring(0, slash);
  }
}
