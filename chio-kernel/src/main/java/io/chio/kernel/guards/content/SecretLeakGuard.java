package io.chio.kernel.guards.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code secret-leak}: denies writing or sending credentials. It scans
 *
 * <ul>
 *   <li>file writes and patches ({@code ToolAction.FileAccess} WRITE/PATCH): every string argument
 *       except the path and the "old" side of an edit ({@code old_string}, {@code oldText},
 *       {@code search}, ...); of a {@code diff}/{@code patch} argument only the added lines;
 *   <li>memory-store writes (a secret stored there is retrievable by every later reader);
 *   <li>every string argument (values and keys) of third-party API and messaging calls ({@code slack_*}, {@code
 *       github_*}, {@code send_email}, ...).
 * </ul>
 *
 * <p>Config (HushSpec {@code rules.secret_patterns}):
 *
 * <ul>
 *   <li>{@code enabled} (default {@code true});
 *   <li>{@code patterns} (default {@code []}): extra {@code {name, pattern, severity, description?}}
 *       rules in Java regex syntax, added to the built-in ones; severity {@code critical|error}
 *       denies, {@code warn} only records the (masked) finding in the allow evidence;
 *   <li>{@code skip_paths} (default {@code []}): globs on the written file's path (e.g. {@code
 *       **}{@code /testdata/**}); matched after lexical normalisation, so {@code
 *       testdata/../src/app.py} is not skipped. Unlike the Rust reference there are no default
 *       skips: a test directory is too easy a place to park a real key. Documented sample values
 *       such as {@code AKIAIOSFODNN7EXAMPLE} are never findings anyway.
 * </ul>
 *
 * <p>Evidence shows each secret masked to its first 4 and last 4 characters.
 */
public final class SecretLeakGuard implements Guard {
  public static final String NAME = "secret-leak";
  private static final Set<String> KEYS = Set.of("enabled", "patterns", "skip_paths");
  private static final Set<String> PATTERN_KEYS = Set.of("name", "pattern", "severity", "description");
  private static final Set<String> PATH_KEYS = Set.of("path", "file", "file_path");
  private static final Set<String> DIFF_KEYS = Set.of("diff", "patch");
  /** The text an edit replaces: removing a leaked key must not be blocked as leaking it. */
  private static final Set<String> OLD_SIDE_KEYS = Set.of(
      "old_string", "oldString", "old_str", "old_text", "oldText", "search", "find", "original", "before");
  private static final int MAX_REPORTED = 5;

  private final boolean enabled;
  private final SecretScanner scanner;
  private final List<PathGlob> skipPaths;

  private SecretLeakGuard(boolean enabled, SecretScanner scanner, List<PathGlob> skipPaths) {
    this.enabled = enabled;
    this.scanner = scanner;
    this.skipPaths = skipPaths;
  }

  public static SecretLeakGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = new ConfigReader(NAME, config, KEYS);
    boolean enabled = r.bool("enabled", true);
    List<SecretScanner.CustomPattern> custom = new ArrayList<>();
    JsonNode patterns = r.node("patterns");
    if (patterns != null) {
      if (!patterns.isArray()) {
        throw r.error("patterns", "a list of {name, pattern, severity} objects", patterns);
      }
      for (int i = 0; i < patterns.size(); i++) {
        custom.add(customPattern(patterns.get(i), "patterns[" + i + "]"));
      }
    }
    List<PathGlob> skips = new ArrayList<>();
    for (String glob : r.strings("skip_paths", List.of())) {
      try {
        skips.add(PathGlob.compile(glob));
      } catch (IllegalArgumentException e) {
        throw r.error("skip_paths: " + e.getMessage());
      }
    }
    SecretScanner scanner;
    try {
      scanner = SecretScanner.withCustomPatterns(custom);
    } catch (IllegalArgumentException e) {
      throw r.error(e.getMessage());
    }
    return new SecretLeakGuard(enabled, scanner, List.copyOf(skips));
  }

  private static SecretScanner.CustomPattern customPattern(JsonNode p, String path) throws GuardConfigException {
    if (!p.isObject()) {
      throw new GuardConfigException(NAME + " config: \"" + path + "\" must be an object {name, pattern, severity}");
    }
    for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!PATTERN_KEYS.contains(k)) {
        throw new GuardConfigException(NAME + " config: unknown key \"" + path + "." + k + "\" (allowed: name, pattern, severity, description)");
      }
    }
    String name = requiredText(p, "name", path);
    String pattern = requiredText(p, "pattern", path);
    String severity = requiredText(p, "severity", path);
    if (p.has("description") && !p.get("description").isTextual()) {
      throw new GuardConfigException(NAME + " config: \"" + path + ".description\" must be a string");
    }
    if (name.isBlank()) {
      throw new GuardConfigException(NAME + " config: \"" + path + ".name\" must not be empty");
    }
    try {
      return new SecretScanner.CustomPattern(name, pattern, SecretScanner.Severity.parse(severity));
    } catch (IllegalArgumentException e) {
      throw new GuardConfigException(NAME + " config: \"" + path + ".severity\": " + e.getMessage());
    }
  }

  private static String requiredText(JsonNode obj, String key, String path) throws GuardConfigException {
    JsonNode v = obj.get(key);
    if (v == null || !v.isTextual()) {
      throw new GuardConfigException(NAME + " config: \"" + path + "." + key + "\" is required and must be a string");
    }
    return v.textValue();
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
    ToolAction action = context.action();
    JsonNode args = context.call().arguments();
    List<String> texts;
    String what;
    if (action instanceof ToolAction.FileAccess fa && (fa.op() == ToolAction.FileOp.WRITE || fa.op() == ToolAction.FileOp.PATCH)) {
      if (fa.path() != null) {
        String normalized = PathGlob.normalize(fa.path());
        for (PathGlob g : skipPaths) {
          if (g.matches(normalized)) {
            return GuardResult.allow("path matches skip_paths \"" + g.source() + "\"");
          }
        }
      }
      texts = writtenTexts(args);
      what = "written content";
    } else if (action instanceof ToolAction.MemoryAccess ma && ma.op() == ToolAction.MemoryOp.WRITE) {
      texts = ArgumentText.of(args);
      what = "memory write";
    } else if (OutboundCalls.isOutbound(context.call().toolName(), action)) {
      texts = ArgumentText.of(args);
      what = "outbound call arguments";
    } else {
      return GuardResult.allow("not a write or outbound call");
    }

    List<SecretScanner.Finding> blocking = new ArrayList<>();
    List<SecretScanner.Finding> warnings = new ArrayList<>();
    for (String t : texts) {
      // Detection only, so offsets may shift: fold away zero-width characters and full-width forms hiding a key.
      for (SecretScanner.Finding f : scanner.scan(TextNormalizer.clean(t))) {
        (f.severity().blocks() ? blocking : warnings).add(f);
      }
    }
    if (!blocking.isEmpty()) {
      return GuardResult.deny("secret in " + what + ": " + blocking.get(0).describe(), what + ": " + summary(blocking)
          + (warnings.isEmpty() ? "" : "; warn: " + summary(warnings)));
    }
    if (!warnings.isEmpty()) {
      return GuardResult.allow("warn: " + summary(warnings));
    }
    return GuardResult.allow("no secrets");
  }

  private static String summary(List<SecretScanner.Finding> findings) {
    StringBuilder b = new StringBuilder();
    b.append(findings.size()).append(findings.size() == 1 ? " secret: " : " secrets: ");
    for (int i = 0; i < Math.min(findings.size(), MAX_REPORTED); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(findings.get(i).describe());
    }
    if (findings.size() > MAX_REPORTED) {
      b.append(", ...");
    }
    return b.toString();
  }

  /** Strings a write or edit introduces: everything but paths and the old side, and only added lines of diffs. */
  private static List<String> writtenTexts(JsonNode args) {
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      if ((PATH_KEYS.contains(key) && v.isTextual()) || OLD_SIDE_KEYS.contains(key)) {
        continue;
      }
      if (DIFF_KEYS.contains(key) && v.isTextual()) {
        out.add(addedText(v.textValue()));
        continue;
      }
      collect(v, out);
    }
    return out;
  }

  private static void collect(JsonNode n, List<String> out) {
    if (n.isTextual()) {
      out.add(n.textValue());
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!OLD_SIDE_KEYS.contains(e.getKey())) {
          out.add(e.getKey());
          collect(e.getValue(), out);
        }
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        collect(c, out);
      }
    }
  }

  /**
   * The added lines of a unified diff (or {@code *** Begin Patch} patch), joined by newlines. Text
   * without diff markers is not a diff, so all of it counts as added (fail closed).
   */
  static String addedText(String patch) {
    String[] lines = patch.split("\r?\n", -1);
    boolean isDiff = false;
    for (String l : lines) {
      if (l.startsWith("@@") || l.startsWith("+++ ") || l.startsWith("diff --git") || l.startsWith("*** Begin Patch")) {
        isDiff = true;
        break;
      }
    }
    if (!isDiff) {
      return patch;
    }
    StringBuilder b = new StringBuilder();
    String prev = "";
    for (String l : lines) {
      boolean header = l.startsWith("+++ ") && prev.startsWith("--- ");
      if (l.startsWith("+") && !header) {
        b.append(l, 1, l.length()).append('\n');
      }
      prev = l;
    }
    return b.toString();
  }
}
