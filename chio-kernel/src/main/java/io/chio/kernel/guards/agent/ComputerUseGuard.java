package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code computer-use}: controls on Anthropic-style {@code computer} tool calls ({@code
 * ToolAction.ComputerUse}: screenshot, clicks, {@code type}, {@code key}, scroll...).
 *
 * <p>Denies, in order: an action verb not on {@code allowed_actions}; a key press containing a
 * denied combo (run dialogs, terminal launchers, secure-attention keys), however it is spelled; typed
 * text longer than {@code max_type_length}, containing a credential ({@code block_typing_secrets}),
 * or matching a shell-payload pattern ({@code denied_type_patterns}: pipe-to-shell, reverse shells,
 * {@code rm -rf /}, encoded PowerShell, fork bombs), checked with and without quotes/backslashes so
 * {@code c'u'rl} is seen; and more than {@code max_actions_per_minute} actions per agent. Tools of
 * the remote-desktop family ({@code rdp_*}, {@code vnc_*}, {@code remote_*}, clipboard) and raw
 * input tools ({@code input_*}, xdotool-like, {@code mouse_*}, {@code keyboard_*}) are owned by
 * {@code remote-desktop-side-channel} and {@code input-injection-capability}: for them the action
 * allowlist is skipped but the key, typing and rate checks still apply. Other actions are allowed.
 *
 * <p>The verb is the {@code action} (or {@code type}) argument; without one it comes from the tool
 * name ({@code computer_left_click} is {@code left_click}, {@code take_screenshot} is {@code
 * screenshot}). A {@code computer} call without an action is denied. Key text is read from {@code
 * text}, {@code keys}, {@code key}, {@code hotkey}, {@code combo}, {@code shortcut}, {@code
 * key_combo}, {@code key_combination} (a string, or a list joined as one chord) plus {@code
 * modifiers}/{@code modifier} held for each chord; a wrong type is a deny.
 *
 * <p>Config ({@code rules.computer_use}), defaults in brackets:
 *
 * <ul>
 *   <li>{@code enabled} [true]
 *   <li>{@code mode} [fail_closed]: {@code fail_closed} denies every finding; {@code guardrail} only
 *       notes an unlisted action (allow) but denies the rest; {@code observe} never denies and
 *       records what it would have denied.
 *   <li>{@code allowed_actions} [{@link #DEFAULT_ACTIONS}]; an empty list allows no action.
 *   <li>{@code denied_key_combos} [{@link #DEFAULT_COMBOS}]; a chord containing every key of a combo
 *       matches ({@code ctrl+alt+shift+t} contains {@code ctrl+alt+t}).
 *   <li>{@code block_typing_secrets} [true]
 *   <li>{@code max_type_length} [4096] characters per typing action.
 *   <li>{@code denied_type_patterns} [built-in shell payloads]; replaces the defaults when given
 *       (case-insensitive regexes over NFKC-folded text).
 *   <li>{@code max_actions_per_minute} [unlimited], per agent.
 * </ul>
 */
final class ComputerUseGuard implements Guard {
  static final String NAME = "computer-use";

  static final List<String> DEFAULT_ACTIONS = List.of("screenshot", "cursor_position", "mouse_move", "left_click", "right_click",
      "middle_click", "double_click", "triple_click", "left_click_drag", "left_mouse_down", "left_mouse_up", "scroll", "type", "key",
      "hold_key", "wait", "zoom");

  static final List<String> DEFAULT_COMBOS = List.of(
      "super+r", // Windows Run dialog
      "super+x", // Windows power-user menu (terminal, admin tools)
      "super+space", // macOS Spotlight / launcher
      "ctrl+alt+t", // Linux terminal
      "alt+f2", // GNOME/KDE run-command
      "ctrl+alt+delete", // secure attention sequence
      "ctrl+shift+escape", // task manager
      "ctrl+alt+f1", "ctrl+alt+f3", "ctrl+alt+f4", "ctrl+alt+f5", "ctrl+alt+f6"); // text consoles (f2 via alt+f2)

  private static final List<String> DEFAULT_TYPE_PATTERN_NAMES = List.of("pipe-to-shell", "pipe-to-shell", "pipe-to-interpreter",
      "reverse-shell", "reverse-shell", "reverse-shell", "recursive-delete-root", "encoded-exec", "encoded-exec", "encoded-exec", "fork-bomb");
  /** Literal prefilters for the defaults, index-aligned: a pattern runs only if one needle occurs. */
  private static final List<String[]> DEFAULT_TYPE_NEEDLES = List.of(new String[] {"curl", "wget"}, new String[] {"<("},
      new String[] {"curl", "wget"}, new String[] {"/dev/"}, new String[] {"nc", "netcat"}, new String[] {"socat"}, new String[] {"rm"},
      new String[] {"base64"}, new String[] {"powershell", "pwsh"}, new String[] {"iex", "invoke-expression"}, new String[] {":"});
  private static final List<String> DEFAULT_TYPE_PATTERNS = List.of(
      "\\b(?:curl|wget)\\b[^\\n]*\\|\\s*(?:sudo\\s+)?(?:ba|z|da|k|fi)?sh\\b",
      "\\b(?:ba|z)?sh\\s+<\\(\\s*(?:curl|wget)\\b",
      "\\b(?:curl|wget)\\b[^\\n]*\\|\\s*(?:sudo\\s+)?(?:python[0-9.]*|perl|ruby|node)\\b",
      "/dev/(?:tcp|udp)/",
      "\\bn(?:c|cat|etcat)\\b[^\\n]*\\s-[a-z]*[ec]\\b",
      "\\bsocat\\b[^\\n]*\\bexec:",
      "\\brm(?=[^\\n]*(?:\\s-[a-z]*r|--recursive))\\s+(?:-{1,2}[a-z-]+\\s+)+(?:/\\*?|~/?\\*?|\\$home/?|\\$\\{home\\}/?)(?=[\\s;&|]|$)",
      "\\bbase64\\s+(?:-d|--decode)\\b[^\\n]*\\|\\s*(?:sudo\\s+)?(?:ba|z|da)?sh\\b",
      "\\b(?:powershell|pwsh)(?:\\.exe)?\\b[^\\n]*\\s-(?:e|ec|en|enc|enco|encod|encode|encoded|encodedcommand)\\s",
      "\\b(?:iex|invoke-expression)\\b",
      ":\\s*\\(\\s*\\)\\s*\\{[^}]*:\\s*\\|\\s*:");

  private static final Set<String> KEYS = Set.of("enabled", "mode", "allowed_actions", "denied_key_combos", "block_typing_secrets",
      "max_type_length", "denied_type_patterns", "max_actions_per_minute");

  /** Tool-name and verb spellings of the default actions. */
  private static final Map<String, String> VERB_ALIASES = Map.ofEntries(
      Map.entry("click", "left_click"), Map.entry("take_screenshot", "screenshot"), Map.entry("screen_capture", "screenshot"),
      Map.entry("capture_screen", "screenshot"), Map.entry("screen_shot", "screenshot"), Map.entry("get_screenshot", "screenshot"),
      Map.entry("get_cursor_position", "cursor_position"), Map.entry("move", "mouse_move"), Map.entry("drag", "left_click_drag"),
      Map.entry("press", "key"), Map.entry("key_press", "key"), Map.entry("hotkey", "key"), Map.entry("type_text", "type"),
      Map.entry("sleep", "wait"));

  private static final GuardResult DISABLED = GuardResult.allow("disabled");
  private static final GuardResult NOT_COMPUTER_USE = GuardResult.allow("not a computer-use action");

  enum Mode {
    FAIL_CLOSED,
    GUARDRAIL,
    OBSERVE
  }

  private record Finding(String reason, String details) {}

  private final boolean enabled;
  private final Mode mode;
  private final Set<String> allowedActions;
  private final List<Set<String>> deniedCombos;
  private final List<String> deniedComboSpellings;
  private final boolean blockTypingSecrets;
  private final long maxTypeLength;
  private final List<PatternRule> typePatterns;
  private final Long maxActionsPerMinute;
  private final BucketTable<String> actionRate;

  private ComputerUseGuard(boolean enabled, Mode mode, Set<String> allowedActions, List<Set<String>> deniedCombos,
      List<String> deniedComboSpellings, boolean blockTypingSecrets, long maxTypeLength, List<PatternRule> typePatterns,
      Long maxActionsPerMinute) {
    this.enabled = enabled;
    this.mode = mode;
    this.allowedActions = allowedActions;
    this.deniedCombos = deniedCombos;
    this.deniedComboSpellings = deniedComboSpellings;
    this.blockTypingSecrets = blockTypingSecrets;
    this.maxTypeLength = maxTypeLength;
    this.typePatterns = typePatterns;
    this.maxActionsPerMinute = maxActionsPerMinute;
    this.actionRate = maxActionsPerMinute == null ? null
        : new BucketTable<>(new TokenBucket.Limit[] {new TokenBucket.Limit(maxActionsPerMinute, maxActionsPerMinute, 60_000)},
            BucketTable.DEFAULT_MAX_KEYS);
  }

  static ComputerUseGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = ConfigReader.of(NAME, config, KEYS);
    boolean enabled = r.bool("enabled", true);
    Mode mode = switch (r.choice("mode", "fail_closed", Set.of("fail_closed", "guardrail", "observe"))) {
      case "guardrail" -> Mode.GUARDRAIL;
      case "observe" -> Mode.OBSERVE;
      default -> Mode.FAIL_CLOSED;
    };
    Set<String> actions = new HashSet<>();
    for (String a : r.strings("allowed_actions", DEFAULT_ACTIONS)) {
      actions.add(Text.verb(a));
    }
    List<String> comboSpellings = r.strings("denied_key_combos", DEFAULT_COMBOS);
    List<Set<String>> combos = new ArrayList<>();
    for (int i = 0; i < comboSpellings.size(); i++) {
      Set<String> chord = KeyChords.parseOne(comboSpellings.get(i));
      if (chord == null) {
        throw r.error("denied_key_combos[" + i + "]", "\"" + comboSpellings.get(i) + "\" is not a single key combo like \"ctrl+alt+t\"");
      }
      combos.add(Set.copyOf(chord));
    }
    boolean custom = r.has("denied_type_patterns");
    List<String> sources = r.strings("denied_type_patterns", DEFAULT_TYPE_PATTERNS);
    List<Pattern> compiled = r.patterns("denied_type_patterns", sources, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    List<PatternRule> rules = new ArrayList<>();
    for (int i = 0; i < compiled.size(); i++) {
      rules.add(custom ? PatternRule.custom("denied_type_patterns[" + i + "]", compiled.get(i))
          : new PatternRule(DEFAULT_TYPE_PATTERN_NAMES.get(i), compiled.get(i), List.<String[]>of(DEFAULT_TYPE_NEEDLES.get(i))));
    }
    return new ComputerUseGuard(enabled, mode, Set.copyOf(actions), List.copyOf(combos), comboSpellings, r.bool("block_typing_secrets", true),
        r.positive("max_type_length", 4096, Integer.MAX_VALUE), List.copyOf(rules),
        r.optPositive("max_actions_per_minute", 1_000_000));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return DISABLED;
    }
    if (!(context.action() instanceof ToolAction.ComputerUse cu)) {
      return NOT_COMPUTER_USE;
    }
    String verb;
    Finding advisory;
    Finding f;
    try {
      String tool = Text.verb(context.call().toolName());
      verb = verb(cu.action(), tool);
      advisory = Surfaces.isRemoteDesktopTool(tool) || Surfaces.isRawInputTool(tool) ? null : checkVerb(verb);
      if (advisory != null && mode == Mode.FAIL_CLOSED) {
        return GuardResult.deny(advisory.reason, advisory.details);
      }
      f = inspect(context.call().arguments(), verb);
    } catch (MalformedArgumentException e) {
      return GuardResult.deny(e.getMessage());
    }
    if (f == null && actionRate != null) {
      f = rate(context);
    }
    if (f != null) {
      return mode == Mode.OBSERVE ? GuardResult.allow("observe: would deny: " + f.details) : GuardResult.deny(f.reason, f.details);
    }
    if (advisory != null) {
      return GuardResult.allow((mode == Mode.OBSERVE ? "observe: would deny: " : "guardrail: ") + advisory.details);
    }
    return GuardResult.allow("computer action \"" + verb + "\" allowed");
  }

  /** Unlisted or missing verb; only computer-family tools are checked here. */
  private Finding checkVerb(String verb) {
    if (verb.isEmpty()) {
      return new Finding("computer call has no action", "computer call has no action argument");
    }
    if (!allowedActions.contains(verb)) {
      String reason = "computer action \"" + verb + "\" is not allowed";
      return new Finding(reason, reason);
    }
    return null;
  }

  private Finding inspect(JsonNode args, String verb) throws MalformedArgumentException {
    List<String> texts = new ArrayList<>(2);
    Args.stringsOrChords(args, texts, "text", "keys", "key", "hotkey", "combo", "shortcut", "key_combo", "key_combination");
    if (isTyping(verb)) {
      for (String t : texts) {
        Finding f = typed(t);
        if (f != null) {
          return f;
        }
      }
      return null;
    }
    List<String> modifiers = new ArrayList<>(1);
    Args.stringsOrChords(args, modifiers, "modifiers", "modifier");
    for (String t : texts) {
      Finding f = keys(t, modifiers);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  private static String verb(String action, String tool) {
    String v;
    if (action != null) {
      v = Text.verb(action);
    } else if (tool.equals("computer")) {
      return "";
    } else if (tool.startsWith("computer_")) {
      v = tool.substring("computer_".length());
    } else {
      v = tool;
    }
    return VERB_ALIASES.getOrDefault(v, v);
  }

  /** Typing verbs send their text literally, so it is checked as text, not as key combos. */
  private static boolean isTyping(String verb) {
    return verb.equals("type") || verb.contains("type") || verb.endsWith("_text") || verb.contains("write");
  }

  private Finding keys(String text, List<String> modifiers) {
    Set<String> held = new HashSet<>();
    for (String m : modifiers) {
      for (Set<String> c : KeyChords.parse(m)) {
        held.addAll(c);
      }
    }
    for (Set<String> chord : KeyChords.parse(text)) {
      Set<String> pressed = chord;
      if (!held.isEmpty()) {
        pressed = new HashSet<>(chord);
        pressed.addAll(held);
      }
      for (int i = 0; i < deniedCombos.size(); i++) {
        if (pressed.containsAll(deniedCombos.get(i))) {
          String reason = "key combo \"" + deniedComboSpellings.get(i) + "\" is denied";
          return new Finding(reason, reason + " (pressed " + String.join("+", new java.util.TreeSet<>(pressed)) + ")");
        }
      }
    }
    return null;
  }

  private Finding typed(String text) {
    long length = text.codePointCount(0, text.length());
    if (length > maxTypeLength) {
      String reason = "typed text is " + length + " characters (max " + maxTypeLength + ")";
      return new Finding(reason, reason);
    }
    if (blockTypingSecrets) {
      SecretScanner.Finding s = SecretScanner.find(text, false);
      if (s != null) {
        return new Finding("typed text contains a secret (" + s.kind() + ")", "typed text contains a secret (" + s.kind() + "): " + s.masked());
      }
    }
    if (!typePatterns.isEmpty()) {
      String folded = Text.fold(text);
      String unquoted = stripQuoting(folded);
      boolean quoted = !unquoted.equals(folded);
      for (PatternRule rule : typePatterns) {
        if (rule.find(folded) || quoted && rule.find(unquoted)) {
          String reason = "typed text matches denied pattern \"" + rule.name() + "\"";
          return new Finding(reason, reason + " (" + length + " characters typed)");
        }
      }
    }
    return null;
  }

  /** Shell quoting and escapes that do not change what runs: {@code c'u'rl}, {@code cu\rl}. */
  private static String stripQuoting(String s) {
    if (s.indexOf('\'') < 0 && s.indexOf('"') < 0 && s.indexOf('\\') < 0 && s.indexOf('`') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\'' && c != '"' && c != '\\' && c != '`') {
        b.append(c);
      }
    }
    return b.toString();
  }

  private Finding rate(GuardContext context) {
    long now = context.nowMillis();
    actionRate.maintain(now);
    Boolean ok = actionRate.withState(context.call().agentId(), now, s -> {
      TokenBucket b = s.bucket(0);
      if (!b.canTake(1)) {
        return false;
      }
      b.take(1);
      return true;
    });
    if (ok == null) {
      return new Finding("computer-use rate state is full; retry later", "computer-use rate state is full");
    }
    if (!ok) {
      String reason = "computer action rate exceeded: " + maxActionsPerMinute + " per minute";
      return new Finding(reason, reason);
    }
    return null;
  }
}
