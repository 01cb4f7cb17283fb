package io.chio.kernel.guards.fs;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code code-execution}: judges {@link ToolAction.CodeExecution} calls ({@code code} plus {@code
 * language}, or a code tool such as {@code run_python}). Denies, in order: code larger than {@code
 * max_scan_bytes}; a language off {@code language_allowlist} (or not stated and not inferable from
 * the tool name); for shell code, anything {@code shell-command} would deny; imports of a module on
 * {@code module_denylist} ({@code import os}, {@code from os import system}, {@code import ｏｓ},
 * {@code require("child_process")}, {@code import fs from "node:fs"}); while the denylist is
 * non-empty, anything that would defeat it: dynamic imports ({@code __import__}, {@code importlib},
 * {@code require(expr)}, {@code import(expr)}), string evaluation ({@code eval}, {@code exec},
 * {@code compile}, {@code Function}) and interpreter-internals escapes ({@code __builtins__},
 * {@code __subclasses__}, {@code sys.modules}, {@code process.binding}); when {@code
 * network_access} is false, network modules and APIs ({@code requests}, {@code socket}, {@code
 * fetch(}, ...) or a call argument {@code network_access}/{@code allow_network} set to true;
 * reverse shells, decode-and-execute, and string literals naming forbidden paths; and a requested
 * {@code timeout_ms}/{@code execution_time_ms} over {@code max_execution_time_ms}.
 *
 * <p>Config (HushSpec {@code rules.code_execution}, field names as in the reference HushSpec):
 *
 * <ul>
 *   <li>{@code enabled} (default {@code true});
 *   <li>{@code language_allowlist} (default {@code ["python"]}; {@code []} allows any language;
 *       aliases such as {@code py}, {@code python3}, {@code js}, {@code node}, {@code ts}, {@code
 *       bash} are folded to {@code python}, {@code javascript}, {@code typescript}, {@code shell});
 *   <li>{@code module_denylist} (default {@link #DEFAULT_MODULE_DENYLIST}; replaces the default when
 *       given; {@code []} turns module, dynamic-import and eval checks off);
 *   <li>{@code network_access} (default {@code false});
 *   <li>{@code max_execution_time_ms} (default: no limit);
 *   <li>{@code max_scan_bytes} (default 65536): larger code is denied rather than scanned in part.
 * </ul>
 */
public final class CodeExecutionGuard implements Guard {
  public static final String NAME = "code-execution";
  public static final List<String> DEFAULT_MODULE_DENYLIST = List.of(
      // Python: processes, raw memory, serialisation, dynamic import
      "os", "subprocess", "socket", "ctypes", "cffi", "pickle", "marshal", "shelve", "shutil", "multiprocessing", "importlib", "pty", "posix", "nt",
      "builtins", "runpy",
      // JavaScript / TypeScript (Node): processes, file system, network, VM
      "child_process", "fs", "net", "http", "https", "http2", "dgram", "tls", "vm", "worker_threads", "cluster", "inspector", "module");
  private static final Set<String> KEYS = Set.of("enabled", "language_allowlist", "module_denylist", "network_access", "max_execution_time_ms", "max_scan_bytes");
  private static final Pattern MODULE_NAME = Pattern.compile("@?[A-Za-z_][\\w.\\-/]*");
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("py", "python"), Map.entry("python3", "python"), Map.entry("python2", "python"), Map.entry("py3", "python"), Map.entry("ipython", "python"),
      Map.entry("js", "javascript"), Map.entry("node", "javascript"), Map.entry("nodejs", "javascript"), Map.entry("ecmascript", "javascript"),
      Map.entry("mjs", "javascript"), Map.entry("cjs", "javascript"), Map.entry("ts", "typescript"), Map.entry("tsx", "typescript"),
      Map.entry("sh", "shell"), Map.entry("bash", "shell"), Map.entry("zsh", "shell"), Map.entry("rb", "ruby"));
  private static final List<String> TIME_KEYS = List.of("execution_time_ms", "executionTimeMs", "timeout_ms", "timeoutMs", "max_execution_time_ms", "maxExecutionTimeMs");
  private static final List<String> NETWORK_KEYS = List.of("network_access", "networkAccess", "allow_network", "allowNetwork");

  private final boolean enabled;
  private final Set<String> languages;
  private final Set<String> deniedModules;
  private final boolean networkAccess;
  private final Long maxExecutionTimeMs;
  private final long maxScanBytes;
  private final ShellAnalyzer shell;

  private CodeExecutionGuard(boolean enabled, Set<String> languages, Set<String> deniedModules, boolean networkAccess, Long maxExecutionTimeMs, long maxScanBytes) {
    this.enabled = enabled;
    this.languages = languages;
    this.deniedModules = deniedModules;
    this.networkAccess = networkAccess;
    this.maxExecutionTimeMs = maxExecutionTimeMs;
    this.maxScanBytes = maxScanBytes;
    this.shell = new ShellAnalyzer(ForbiddenPaths.defaults(), List.of());
  }

  public static CodeExecutionGuard create(JsonNode config) throws GuardConfigException {
    GuardConfig c = GuardConfig.of(NAME, config, KEYS);
    Set<String> langs = new LinkedHashSet<>();
    for (String l : c.strings("language_allowlist", List.of("python"))) {
      langs.add(canonical(l));
    }
    List<String> modules = c.strings("module_denylist", DEFAULT_MODULE_DENYLIST);
    for (int i = 0; i < modules.size(); i++) {
      if (!MODULE_NAME.matcher(modules.get(i)).matches()) {
        throw c.error("module_denylist[" + i + "]", "not a module name: " + Evidence.quote(modules.get(i)));
      }
    }
    Long maxTime = c.has("max_execution_time_ms") ? c.nonNegativeLong("max_execution_time_ms", 0) : null;
    long maxScan = c.nonNegativeLong("max_scan_bytes", 64 * 1024);
    if (maxScan == 0) {
      throw c.error("max_scan_bytes", "must be at least 1");
    }
    return new CodeExecutionGuard(c.bool("enabled", true), Set.copyOf(langs), Set.copyOf(modules), c.bool("network_access", false), maxTime, maxScan);
  }

  static String canonical(String language) {
    String l = language.strip().toLowerCase(Locale.ROOT);
    return ALIASES.getOrDefault(l, l);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return GuardResult.allow("disabled");
    }
    if (!(context.action() instanceof ToolAction.CodeExecution ce)) {
      return GuardResult.allow("not code execution");
    }
    String code = ce.code() == null ? "" : ce.code();
    long bytes = code.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxScanBytes) {
      return deny("oversize", "code is " + bytes + " bytes, over the " + maxScanBytes + "-byte limit");
    }
    String language = ce.language() != null ? canonical(ce.language()) : inferLanguage(context.call().toolName());
    if (!languages.isEmpty() && (language == null || !languages.contains(language))) {
      return language == null
          ? deny("language", "code language is not stated and the tool name does not imply one")
          : deny("language", "language " + Evidence.quote(language) + " is not on the code-execution allowlist");
    }
    try {
      GuardResult r = requestedLimits(context.call().arguments());
      if (r != null) {
        return r;
      }
    } catch (MalformedArgumentException e) {
      return GuardResult.deny(e.getMessage(), "field=" + e.field());
    }
    if ("shell".equals(language)) {
      ShellAnalyzer.Finding f = shell.analyze(code, null, context.filesystemRoots());
      return f == null ? GuardResult.allow("shell code passed shell-command rules") : deny(f.rule(), f.reason());
    }
    String normalized = CodeScanner.normalize(code);
    CodeScanner.Language lang = "python".equals(language) ? CodeScanner.Language.PYTHON
        : "javascript".equals(language) || "typescript".equals(language) ? CodeScanner.Language.JAVASCRIPT : CodeScanner.Language.OTHER;
    CodeScanner.Facts facts = CodeScanner.scan(normalized, lang);
    if (!deniedModules.isEmpty()) {
      for (String m : facts.modules()) {
        if (deniedModules.contains(m)) {
          return deny("denied-module", "code imports denied module " + Evidence.quote(m));
        }
      }
      if (facts.dynamicImport() != null) {
        return deny("dynamic-import", "code imports modules dynamically (" + facts.dynamicImport() + ")");
      }
      if (facts.dynamicEval() != null) {
        return deny("dynamic-eval", "code evaluates strings as code (" + facts.dynamicEval() + ")");
      }
      if (facts.escape() != null) {
        return deny("interpreter-escape", "code reaches interpreter internals (" + facts.escape() + ")");
      }
    }
    if (!networkAccess) {
      for (String m : facts.modules()) {
        if (CodeScanner.NETWORK_MODULES.contains(m)) {
          return deny("network", "code uses network module " + Evidence.quote(m) + " but network access is off");
        }
      }
      if (facts.networkApi() != null) {
        return deny("network", "code uses the network (" + facts.networkApi() + ") but network access is off");
      }
    }
    ShellAnalyzer.Finding f = shell.analyzeCode(normalized, context.filesystemRoots());
    if (f != null) {
      return deny(f.rule(), f.reason().replace("dangerous command: ", "dangerous code: "));
    }
    return GuardResult.allow("language=" + language + " modules=" + facts.modules().size());
  }

  /** Deny for a requested network flag or execution time over the limit; null when fine. */
  private GuardResult requestedLimits(JsonNode args) throws MalformedArgumentException {
    for (String k : NETWORK_KEYS) {
      JsonNode v = args.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isBoolean()) {
        throw new MalformedArgumentException(k, "argument \"" + k + "\" must be a boolean, got " + Fields.kind(v));
      }
      if (v.booleanValue() && !networkAccess) {
        return deny("network", "call requests network access (" + k + ") but network access is off");
      }
    }
    for (String k : TIME_KEYS) {
      JsonNode v = args.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new MalformedArgumentException(k, "argument \"" + k + "\" must be a non-negative integer, got " + Fields.kind(v));
      }
      if (maxExecutionTimeMs != null && v.longValue() > maxExecutionTimeMs) {
        return deny("execution-time", "requested execution time " + v.longValue() + " ms exceeds the " + maxExecutionTimeMs + " ms limit");
      }
    }
    return null;
  }

  private static String inferLanguage(String toolName) {
    for (String token : toolName.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      String c = canonical(token);
      if (c.equals("python") || c.equals("javascript") || c.equals("typescript") || c.equals("shell") || c.equals("ruby")) {
        return c;
      }
    }
    return null;
  }

  private static GuardResult deny(String rule, String reason) {
    return GuardResult.deny(reason, "rule=" + rule);
  }
}
